from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`page` and `page_size` (API_PAGE_SIZE by default, at most 500)."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)
