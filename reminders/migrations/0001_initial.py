# The chases of a unit's missing monthly reports (催报).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('projects', '0010_listentry_listed_on'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportChase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('month', models.PositiveSmallIntegerField(verbose_name='月份')),
                ('missing', models.PositiveIntegerField(help_text='催报时该单位该月未报的项目数', verbose_name='未报项目数')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='催报时间')),
                ('chased_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='催报人')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='report_chases', to='projects.unit', verbose_name='单位')),
            ],
            options={
                'verbose_name': '催报记录',
                'verbose_name_plural': '催报记录',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['year', 'unit', 'month'], name='report_chase_year_unit_month')],
                'constraints': [models.CheckConstraint(condition=models.Q(('month__gte', 1), ('month__lte', 12)), name='report_chase_month_valid', violation_error_message='月份应在 1 至 12 之间'), models.CheckConstraint(condition=models.Q(('year__gte', 2000), ('year__lte', 2100)), name='report_chase_year_in_range', violation_error_message='年度超出范围')],
            },
        ),
    ]
