"""The site shell's own pages: the user's notifications (the bell's list)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Notification


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
