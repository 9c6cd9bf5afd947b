from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fulian.reports"
    label = "reports"
    verbose_name = "统计与总结"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from fulian.core import jobs, navigation

        from . import models, services, snapshots

        navigation.register(
            "统计报表", "reports:stats", "reports.view", 70, group="reports", also=("/reports/figure/",)
        )
        navigation.register("数据看板", "reports:dashboard", "reports.view", 71, group="reports")
        navigation.register("目标任务", "reports:plan", "reports.view", 73, group="reports")
        navigation.register("工作总结", "reports:summary_list", "reports.summary", 72, group="reports")
        auditlog.register(models.SummaryDraft)
        auditlog.register(models.SummaryParagraph)
        auditlog.register(models.PlanItem)
        jobs.register_cleanup(services.summary_jobs_fail_stale)
        jobs.register_cleanup(snapshots.clean_up)
