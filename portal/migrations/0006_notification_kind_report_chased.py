# A manager's chase of a unit's missing monthly reports (催报) is a kind of notification.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0005_notification'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('due_soon', '节点临期'), ('turned_yellow', '节点转为黄色'), ('turned_red', '节点转为红色'), ('report_due', '月报即将到期'), ('report_late', '月报未按时填报'), ('report_chased', '月报催报'), ('order_issued', '督办单已交办'), ('order_chased', '督办单催办'), ('order_returned', '督办反馈被退回'), ('extension_decided', '延期申请已审批'), ('reply_due_soon', '督办反馈即将到期'), ('reply_overdue', '督办逾期未反馈'), ('reply_received', '收到督办反馈'), ('extension_requested', '收到延期申请')], max_length=40, verbose_name='类别'),
        ),
    ]
