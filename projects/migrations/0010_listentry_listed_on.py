# A project listed mid-year owes no monthly report due before its listing date (projects.reporting).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0009_free_text_limits'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicallistentry',
            name='listed_on',
            field=models.DateField(blank=True, help_text='年中列入清单的项目填写；此日之前到期的月报不需报送。空表示全年都在清单中', null=True, verbose_name='列入清单日期'),
        ),
        migrations.AddField(
            model_name='listentry',
            name='listed_on',
            field=models.DateField(blank=True, help_text='年中列入清单的项目填写；此日之前到期的月报不需报送。空表示全年都在清单中', null=True, verbose_name='列入清单日期'),
        ),
    ]
