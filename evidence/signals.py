"""A deleted attachment's files leave the storage once the deletion has committed (also when the row goes with its
report, milestone or reply): a rolled-back deletion keeps them."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Attachment


@receiver(post_delete, sender=Attachment)
def delete_files(sender, instance, **kwargs):
    names = [f.name for f in (instance.file, instance.thumbnail) if f]
    storage = instance.file.storage

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)
