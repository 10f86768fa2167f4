"""PDF reports: who may have which (policies), what each kind says (content), asking for one
(services), reading them (selectors), the rendering job (jobs) and the pages (views).

A report row is a job (queued → rendering → ready / failed). Its ``fingerprint`` is a sha256
of the content's canonical data, so asking again for unchanged content returns the ready file,
and a new submission or a reopened scorecard changes the fingerprint (the old file is stale).
The names below are the package's public face; import from the modules inside it for the rest.
"""

from .content import TEMPLATE_VERSION, ReportContent, report_content, report_fingerprint
from .jobs import MAX_ATTEMPTS, TRANSIENT_ERRORS, report_render, report_send, reports_sweep
from .policies import can_download, can_request, can_see_subject
from .rendering import report_html, report_pdf
from .selectors import report_is_stale, reports_for_subject
from .services import report_nudge, report_request
from .subject import Subject

__all__ = [
    "MAX_ATTEMPTS",
    "TEMPLATE_VERSION",
    "TRANSIENT_ERRORS",
    "ReportContent",
    "Subject",
    "can_download",
    "can_request",
    "can_see_subject",
    "report_content",
    "report_fingerprint",
    "report_html",
    "report_is_stale",
    "report_nudge",
    "report_pdf",
    "report_render",
    "report_request",
    "report_send",
    "reports_for_subject",
    "reports_sweep",
]
