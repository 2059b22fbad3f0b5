"""The site shell's own pages: the user's notifications (the bell's list) and their e-mail settings."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import EmailOptOutForm
from .models import EmailOptOut, Notification


def notification_list(request):
    """The user's notifications, newest first (50 a page)."""
    page = Paginator(Notification.objects.for_user(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "portal/notifications.html", {"page": page})


@require_POST
def notification_read(request, pk):
    """Mark one notification read; with `open`, go on to what it is about."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if request.POST.get("open") and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications")


@require_POST
def notifications_read_all(request):
    Notification.objects.filter(user=request.user).unread().update(read_at=timezone.now())
    return redirect("notifications")


def notification_email(request):
    """不接收邮件: the kinds of notifications the user does not want in the daily e-mail (the bell keeps them all)."""
    user = request.user
    if request.method == "POST":
        form = EmailOptOutForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                user.email_opt_outs.all().delete()
                EmailOptOut.objects.bulk_create(
                    EmailOptOut(user=user, kind=kind) for kind in form.cleaned_data["kinds"]
                )
            messages.success(request, _("已保存邮件接收设置。"))
            return redirect("notification_email")
    else:
        form = EmailOptOutForm(initial={"kinds": list(user.email_opt_outs.values_list("kind", flat=True))})
    return render(request, "portal/notification_email.html", {"form": form})
