"""The table of moves (supervision.md, section 3) through HTTP: every (state, action, persona). An allowed move
succeeds and writes one log row; any other is refused (403 outside the persona's role, 409 with the reason when the
state does not allow it) and changes nothing."""

import datetime as dt

import pytest
import time_machine

from portal.models import Notification
from supervision import services
from supervision.choices import AWAITING_REPLY, OPEN_STATES, State
from supervision.models import ExtensionRequest, OrderLog, Reply, SupervisionOrder
from supervision.services import CO, DELETE, LEAD, MANAGER, MOVES
from tests.supervision_factories import TODAY, make_order

ROLE = {"staff_a": LEAD, "staff_b": CO, "manager": MANAGER, "admin": MANAGER}
ACTIONS = [*(str(a) for a in MOVES if a != OrderLog.Action.EDIT), DELETE]

# supervision.md section 3, written out here rather than read from the code's table, so that a wrong row in
# services.MOVES fails this test: action -> (who, the states it starts from, the state it leads to; None: unchanged).
# Where the spec is loose, the reading a supervision office expects: "any state but closed" for a cancellation means a
# draft or an open order (a cancelled one stays cancelled); a chase and an extension request concern an order that
# still waits for its reply; a decision on an extension and a co-unit's note, any open order.
OPEN = {"issued", "acknowledged", "replied", "returned"}
WAITING = {"issued", "acknowledged", "returned"}
SPEC = {
    "edit": (MANAGER, {"draft"}, None),
    "issue": (MANAGER, {"draft"}, "issued"),
    "acknowledge": (LEAD, {"issued"}, "acknowledged"),
    "reply": (LEAD, WAITING, "replied"),
    "close": (MANAGER, {"replied"}, "closed"),
    "return": (MANAGER, {"replied"}, "returned"),
    "escalate": (MANAGER, OPEN, "closed"),
    "cancel": (MANAGER, {"draft"} | OPEN, "cancelled"),
    "chase": (MANAGER, WAITING, None),
    "request_extension": (LEAD, WAITING, None),
    "decide_extension": (MANAGER, OPEN, None),
    "note": (CO, OPEN, None),
}


def post_data(action, order):
    fields = {
        "reply": {"measures": "已加派人手", "cause": "construction", "expected_completion": "2025-07-01"},
        "close": {"note": "已核验"},
        "return": {"reason": "措施不具体"},
        "cancel": {"reason": "重复"},
        "chase": {"text": "请尽快反馈"},
        "request_extension": {"requested_due": (order.reply_due + dt.timedelta(days=10)).isoformat(), "reason": "雨季"},
        "decide_extension": {"approve": "1", "note": ""},
        "note": {"text": "协办单位已配合"},
    }.get(action, {})
    return {f"{action}-{name}": value for name, value in {"version": order.version, **fields}.items()}


def expected_allowed(state, action, persona, pending):
    if action == DELETE:
        return ROLE[persona] == MANAGER and state == State.DRAFT
    role, sources, _target = SPEC[action]
    if ROLE[persona] != role or state not in sources:
        return False
    if action == "decide_extension":
        return pending
    return True


def snapshot(order):
    order = SupervisionOrder.objects.filter(pk=order.pk).values("state", "version", "reply_due", "outcome").first()
    return (
        order,
        OrderLog.objects.count(),
        Reply.objects.count(),
        list(ExtensionRequest.objects.values_list("decision", flat=True)),
        Notification.objects.count(),
        SupervisionOrder.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(ROLE))
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", [s.value for s in State])
def test_every_move_of_the_table(state, action, persona, world, client_for):
    users, project = world["users"], world["project_a"]
    with time_machine.travel(dt.datetime(2025, 6, 2, 10, 0), tick=False):
        order = make_order(project, users["manager"], users["staff_a"], state, co_units=[world["unit_b"]])
        pending = action == "decide_extension" and state in AWAITING_REPLY
        if pending:
            order = services.request_extension(
                order,
                version=order.version,
                user=users["staff_a"],
                requested_due=order.reply_due + dt.timedelta(days=7),
                reason="雨季",
            )
        before = snapshot(order)
        logs_before = order.log.count()
        client = client_for(persona)
        response = client.post(f"/supervision/{order.pk}/{action}/", post_data(action, order))
    if expected_allowed(state, action, persona, pending):
        assert response.status_code == 302, response.content.decode()[:2000]
        if action == DELETE:
            assert not SupervisionOrder.objects.filter(pk=order.pk).exists()
            return
        order.refresh_from_db()
        assert order.log.count() == logs_before + 1
        target = SPEC[action][2]
        assert order.state == (target or state)
        if action == "escalate":
            new = SupervisionOrder.objects.get(escalated_from=order)
            assert order.outcome == "escalated" and new.state == State.ISSUED and new.level == "listed"
            assert new.log.count() == 1
    else:
        role_ok = (MANAGER if action == DELETE else SPEC[action][0]) == ROLE[persona]
        assert response.status_code == (409 if role_ok else 403)
        if role_ok:
            assert "督办单当前为" in response.content.decode() or "延期申请" in response.content.decode()
        assert snapshot(order) == before


@pytest.mark.django_db
def test_a_stale_version_is_refused_with_the_current_state_shown(world, client_for):
    users = world["users"]
    order = make_order(world["project_a"], users["manager"], users["staff_a"], State.ISSUED, today=dt.date.today())
    seen = order.version
    services.acknowledge(order, version=seen, user=users["staff_a"])
    before = snapshot(order)
    response = client_for("manager").post(f"/supervision/{order.pk}/chase/", {"chase-version": seen, "chase-text": ""})
    assert response.status_code == 409
    assert "当前为「已签收」" in response.content.decode()
    assert snapshot(order) == before


def test_the_code_has_the_specs_table_of_moves():
    code = {str(a): (m.role, {str(s) for s in m.sources}, m.target and str(m.target)) for a, m in MOVES.items()}
    assert code == SPEC


@pytest.mark.django_db
def test_open_states_are_the_ones_that_can_be_escalated():
    assert set(MOVES["escalate"].sources) == set(OPEN_STATES)


@pytest.mark.django_db
def test_an_interview_cannot_be_escalated(world, client_for):
    users = world["users"]
    order = make_order(world["project_a"], users["manager"], users["staff_a"], level="interview", today=dt.date.today())
    response = client_for("manager").post(f"/supervision/{order.pk}/escalate/", {"escalate-version": order.version})
    assert response.status_code == 409
    assert "最高督办等级" in response.content.decode()


def test_today_is_a_monday():
    assert TODAY.weekday() == 0


@pytest.mark.django_db
def test_a_refused_move_says_why_in_the_users_language(world, client_for):
    users = world["users"]
    order = make_order(world["project_a"], users["manager"], users["staff_a"], State.CLOSED, today=dt.date.today())
    client = client_for("manager")
    client.cookies["django_language"] = "en"
    response = client.post(f"/supervision/{order.pk}/chase/", {"chase-version": order.version, "chase-text": ""})
    assert response.status_code == 409
    assert "The order is now “Closed”: you cannot chase it." in response.content.decode()
