from django.shortcuts import render


def dashboard(request):
    """The home page; the dashboard proper comes with the pages issue."""
    return render(request, "portal/dashboard.html")
