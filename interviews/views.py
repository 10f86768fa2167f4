"""Pages for recruiters, panelists and hiring managers.

Every view asks interviews.policies (directly or through a scoped selector): a page the role may
not open is a 403, an object outside the user's scope is a 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from wagtail.users.models import UserProfile

from accounts.fields import parse_id
from accounts.roles import user_roles
from accounts.validators import one_line
from questionbank.models import Category

from . import policies, selectors, services
from .change_views import clash_error
from .changes import can_change
from .clashes import PanelClashError
from .forms import (
    CandidateForm,
    InterviewForm,
    PlanForm,
    PositionForm,
    PreferencesForm,
    SectionFormSet,
    parse_pin_ids,
)
from .ics import interview_ics
from .invitation_mail import calendar_domain
from .models import InterviewPlan, InterviewStatus
from .notifications import preference_set, wants_notifications


def home(request):
    """Shows each role where to go."""
    context = {"roles": sorted(user_roles(request.user))}
    if policies.can_manage_hiring(request.user):
        context["dashboard_counts"] = selectors.dashboard_counts()
    mine = selectors.interviews_for_panelist(request.user)
    context["my_upcoming"] = mine.open()[:5]
    context["managed_positions"] = selectors.positions_visible_to(request.user).filter(
        hiring_managers=request.user
    )[:10]
    return render(request, "home.html", context)


def preferences(request):
    profile = UserProfile.get_for_user(request.user)
    initial = {
        "time_zone": profile.current_time_zone,
        "email_notifications": wants_notifications(request.user),
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile.current_time_zone = form.cleaned_data["time_zone"]
        profile.save(update_fields=["current_time_zone"])
        preference_set(
            user=request.user, email_notifications=form.cleaned_data["email_notifications"]
        )
        messages.success(request, _("Preferences saved."))
        return redirect("interviews:preferences")
    return render(request, "interviews/preferences.html", {"form": form}, status=_form_status(form))


def _text_param(request, name: str, *, limit: int) -> str:
    """Free text from the query string: one line (no NUL, which PostgreSQL refuses), bounded."""
    return one_line(request.GET.get(name, ""))[:limit]


def _form_status(form) -> int:
    """A form sent back with errors is a 422 (the page shows what to fix); else 200."""
    return 422 if form.is_bound and form.errors else 200


def _require_recruiter(user) -> None:
    if not policies.can_manage_hiring(user):
        raise PermissionDenied


def _id_param(data, name: str) -> int | None:
    """An object id from the query string or a form: None when absent; a malformed one is a
    400 with its message (BadRequestMessageMiddleware shows it)."""
    value = data.get(name, "")
    if value == "":
        return None
    try:
        return parse_id(value)
    except ValidationError as error:
        raise BadRequest(error.messages[0]) from None


def _pin_ids(data) -> list[int]:
    """The pinned ids an htmx request carries (hidden inputs): a malformed one is a 400."""
    pin_ids, errors = parse_pin_ids(data.getlist("pins"))
    if errors:
        raise BadRequest(errors[0])
    return pin_ids


def _int_or_zero(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# --- positions -------------------------------------------------------------------------------


def positions(request):
    scoped = selectors.positions_visible_to(request.user)
    if not policies.can_manage_hiring(request.user) and not scoped.exists():
        raise PermissionDenied
    query = _text_param(request, "q", limit=100)
    items = (
        selectors.search_positions(queryset=scoped, query=query)
        .annotate(candidate_count=Count("candidates"))
        .prefetch_related("hiring_managers")
        # Meta.ordering is ignored by the GROUP BY of the count, so order here.
        .order_by("title", "pk")
    )
    page = Paginator(items, selectors.PAGE_SIZE).get_page(request.GET.get("page", 1))
    return render(
        request,
        "interviews/positions.html",
        {
            "page": page,
            "query": query,
            "can_edit": policies.can_manage_hiring(request.user),
            "query_string": urlencode({"q": query}) if query else "",
        },
    )


def position_form(request, pk: int | None = None):
    _require_recruiter(request.user)
    position = (
        get_object_or_404(selectors.positions_visible_to(request.user), pk=pk) if pk else None
    )
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Position saved."))
        return redirect("interviews:positions")
    return render(
        request,
        "interviews/position_form.html",
        {"form": form, "position": position},
        status=_form_status(form),
    )


# --- candidates ------------------------------------------------------------------------------


def candidates(request):
    scoped = selectors.candidates_visible_to(request.user)
    if (
        not policies.can_manage_hiring(request.user)
        and not selectors.positions_visible_to(request.user).exists()
    ):
        raise PermissionDenied
    query = _text_param(request, "q", limit=100)
    items = selectors.search_candidates(queryset=scoped, query=query).select_related("position")
    position_id = _id_param(request.GET, "position")
    position = None
    if position_id:
        items = items.filter(position_id=position_id)
        position = selectors.positions_visible_to(request.user).filter(pk=position_id).first()
    page = Paginator(items, selectors.PAGE_SIZE).get_page(request.GET.get("page", 1))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "interviews/candidates.html",
        {
            "page": page,
            "query": query,
            "position": position,
            "can_edit": policies.can_manage_hiring(request.user),
            "query_string": query_string.urlencode(),
        },
    )


def candidate_detail(request, pk: int):
    candidate = get_object_or_404(
        selectors.candidates_visible_to(request.user).select_related("position"), pk=pk
    )
    return render(
        request,
        "interviews/candidate_detail.html",
        {
            "candidate": candidate,
            "can_edit": policies.can_manage_hiring(request.user),
        },
    )


def candidate_form(request, pk: int | None = None):
    _require_recruiter(request.user)
    candidate = (
        get_object_or_404(selectors.candidates_visible_to(request.user), pk=pk) if pk else None
    )
    initial = {"position": _id_param(request.GET, "position")}
    form = CandidateForm(request.POST or None, instance=candidate, initial=initial)
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        if candidate.pk is None:
            candidate.created_by = request.user
        candidate.save()
        messages.success(request, _("Candidate saved."))
        return redirect("interviews:candidate", pk=candidate.pk)
    return render(
        request,
        "interviews/candidate_form.html",
        {"form": form, "candidate": candidate},
        status=_form_status(form),
    )


# --- plans -----------------------------------------------------------------------------------


def plans(request):
    _require_recruiter(request.user)
    show_archived = request.GET.get("archived") == "1"
    query = _text_param(request, "q", limit=100)
    items = selectors.plans_search(archived=show_archived, query=query)
    page = Paginator(items, selectors.PAGE_SIZE).get_page(request.GET.get("page", 1))
    return render(
        request,
        "interviews/plans.html",
        {"page": page, "show_archived": show_archived, "query": query},
    )


def _editor_state(request, plan: InterviewPlan | None):
    """The plan editor's forms, bound to the POST or filled from the saved plan."""
    if request.method == "POST":
        form = PlanForm(request.POST)
        formset = SectionFormSet(request.POST, prefix="sections")
        pin_ids, pin_errors = parse_pin_ids(request.POST.getlist("pins"))
        return form, formset, pin_ids, pin_errors
    if plan is None:
        return PlanForm(), SectionFormSet(prefix="sections", initial=[{}]), [], []
    form = PlanForm(
        initial={"name": plan.name, "description": plan.description, "position": plan.position_id}
    )
    formset = SectionFormSet(
        prefix="sections",
        initial=[
            {
                "category": s.category_id,
                "count": s.count,
                "difficulty": s.difficulty,
                "tag": s.tag,
                "minutes": s.minutes,
                "weight": s.weight,
            }
            for s in plan.sections.all()
        ],
    )
    return form, formset, list(plan.pins.values_list("question_id", flat=True)), []


def _section_forms(formset) -> list[tuple[forms.Form, services.SectionSpec]]:
    """Sections that parse, in form order, with their forms (the preview shows what it can)."""
    pairs = []
    for section_form in formset.forms:
        if not section_form.is_valid():
            continue
        data = section_form.cleaned_data
        if not data or data.get("DELETE") or not data.get("category"):
            continue
        spec = services.SectionSpec(
            category_id=data["category"].pk,
            count=data["count"],
            difficulty=data["difficulty"],
            tag=data["tag"].strip(),
            minutes=data["minutes"],
            category_name=data["category"].name,
            weight=data.get("weight"),
        )
        pairs.append((section_form, spec))
    return pairs


def _specs_from(formset) -> list[services.SectionSpec]:
    return [spec for _form, spec in _section_forms(formset)]


def _pins_context(pin_ids: list[int]):
    by_id = selectors.question_pins(pin_ids)
    return [(pk, by_id.get(pk)) for pk in pin_ids]


def _with_added_section(post):
    data = post.copy()
    total = _int_or_zero(data.get("sections-TOTAL_FORMS"))
    data["sections-TOTAL_FORMS"] = str(total + 1)
    # The new row starts from the form's defaults, so it is "unchanged" until filled in.
    for name, field in SectionFormSet.form.base_fields.items():
        if field.initial is not None:
            data[f"sections-{total}-{name}"] = str(field.initial)
    return data


def plan_editor(request, pk: int | None = None):
    """Sections as a formset, pins picked from the bank, and a live preview beside them."""
    _require_recruiter(request.user)
    plan = get_object_or_404(InterviewPlan, pk=pk) if pk else None
    form, formset, pin_ids, pin_errors = _editor_state(request, plan)
    errors: list[str] = list(pin_errors)
    if request.method == "POST" and "add_section" in request.POST:
        formset = SectionFormSet(_with_added_section(request.POST), prefix="sections")
    elif request.method == "POST":
        if form.is_valid() and formset.is_valid() and not pin_errors:
            pairs = _section_forms(formset)
            specs = [spec for _form, spec in pairs]
            resolved = services.sections_resolve(sections=specs, pin_ids=pin_ids, seed=0)
            for warning in resolved.blocking:
                if warning.section_index is not None:
                    pairs[warning.section_index][0].add_error("count", warning.message)
            if not resolved.blocking:
                target = plan or InterviewPlan()
                target.name = form.cleaned_data["name"]
                target.description = form.cleaned_data["description"]
                target.position = form.cleaned_data["position"]
                try:
                    services.plan_save(
                        plan=target, sections=specs, pin_ids=pin_ids, by=request.user
                    )
                except ValidationError as error:
                    errors.extend(error.messages)
                else:
                    messages.success(request, _("Plan saved."))
                    return redirect("interviews:plan_edit", pk=target.pk)
        errors.append(_("The plan was not saved: correct the errors below."))
    preview = services.sections_resolve(
        sections=_specs_from(formset) if formset.is_bound else _initial_specs(plan),
        pin_ids=pin_ids,
        seed=0,
    )
    return render(
        request,
        "interviews/plan_editor.html",
        {
            "plan": plan,
            "form": form,
            "formset": formset,
            "pins": _pins_context(pin_ids),
            "errors": errors,
            "preview": preview,
            "seed": 0,
            "categories": Category.objects.all(),
        },
        status=422 if errors else 200,
    )


def _initial_specs(plan):
    return services.plan_specs(plan=plan)[0] if plan else []


@require_POST
def plan_preview(request):
    """htmx: the resolved questions, minutes and warnings for the editor's current state."""
    _require_recruiter(request.user)
    formset = SectionFormSet(request.POST, prefix="sections")
    pin_ids = _pin_ids(request.POST)
    seed = _int_or_zero(request.POST.get("seed"))
    if request.POST.get("reshuffle"):
        seed += 1
    preview = services.sections_resolve(sections=_specs_from(formset), pin_ids=pin_ids, seed=seed)
    return render(request, "interviews/_plan_preview.html", {"preview": preview, "seed": seed})


@require_POST
def plan_pins(request):
    """htmx: add, remove or move a pinned question; answers with the pins block."""
    _require_recruiter(request.user)
    pin_ids = _pin_ids(request.POST)
    error = ""
    if "add_pin" in request.POST:
        new_id = _id_param(request.POST, "add_pin")
        if new_id is None or not selectors.question_pins([new_id]):
            error = _("That question is not published.")
        elif new_id in pin_ids:
            error = _("That question is already pinned.")
        else:
            pin_ids.append(new_id)
    elif "remove_pin" in request.POST:
        removed = _id_param(request.POST, "remove_pin")
        pin_ids = [pk for pk in pin_ids if pk != removed]
    elif "up_pin" in request.POST:
        target = _id_param(request.POST, "up_pin")
        if target in pin_ids and pin_ids.index(target) > 0:
            i = pin_ids.index(target)
            pin_ids[i - 1], pin_ids[i] = pin_ids[i], pin_ids[i - 1]
    response = render(
        request, "interviews/_plan_pins.html", {"pins": _pins_context(pin_ids), "pin_error": error}
    )
    # After the swap, so the preview request carries the new pins.
    response["HX-Trigger-After-Swap"] = "pins-changed"
    return response


def question_picker(request):
    """htmx: published questions matching a search, each with a pick button for the target."""
    _require_recruiter(request.user)
    query = _text_param(request, "q", limit=200)
    category = _text_param(request, "category", limit=120)
    target = request.GET.get("target", "plan")
    interview = None
    if target != "plan":
        interview = get_object_or_404(
            selectors.interviews_visible_to(request.user), pk=_id_param(request.GET, "target")
        )
    results = (
        selectors.question_search(query=query, category=category) if query or category else None
    )
    return render(
        request,
        "interviews/_question_picker.html",
        {"results": results, "query": query, "interview": interview},
    )


@require_POST
def plan_duplicate(request, pk: int):
    _require_recruiter(request.user)
    plan = get_object_or_404(InterviewPlan, pk=pk)
    copy = services.plan_duplicate(plan=plan, by=request.user)
    messages.success(request, _("Plan duplicated; you are editing the copy."))
    return redirect("interviews:plan_edit", pk=copy.pk)


@require_POST
def plan_archive(request, pk: int):
    _require_recruiter(request.user)
    plan = get_object_or_404(InterviewPlan, pk=pk)
    archived = request.POST.get("archived", "1") == "1"
    services.plan_archive(plan=plan, archived=archived)
    messages.success(request, _("Plan archived.") if archived else _("Plan restored."))
    return redirect("interviews:plans")


# --- interviews ------------------------------------------------------------------------------


def interview_new(request):
    """Pick candidate, plan, time (in the user's zone), panel and lead; freezes the questions."""
    _require_recruiter(request.user)
    initial = {
        "candidate": _id_param(request.GET, "candidate"),
        "duration_minutes": 60,
    }
    form = InterviewForm(request.POST or None, initial=initial)
    clashes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interview = services.interview_schedule(
                candidate=data["candidate"],
                plan=data["plan"],
                scheduled_at=data["scheduled_at"],
                duration=data["duration_minutes"],
                location=data["location"],
                panel=list(data["panel"]),
                lead=data["lead"],
                by=request.user,
                overlap_confirmed=data["confirm_overlap"],
            )
        except PanelClashError as error:
            clashes = clash_error(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Interview scheduled; its questions are frozen."))
            return redirect("interviews:interview", pk=interview.pk)
    return render(
        request,
        "interviews/interview_form.html",
        {"form": form, "clashes": clashes, "time_zone": timezone.get_current_timezone_name()},
        status=_form_status(form),
    )


def _interview_or_404(user, pk):
    return get_object_or_404(
        selectors.interviews_visible_to(user).select_related("candidate__position", "plan"),
        pk=pk,
    )


def interview_detail(request, pk: int):
    interview = _interview_or_404(request.user, pk)
    user = request.user
    seats = list(interview.seats.select_related("user"))
    can_manage = policies.can_manage_hiring(user)
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "seats": seats,
            "questions": interview.questions.all(),
            "changes": interview.status_changes.select_related("changed_by"),
            "can_manage": can_manage,
            "can_edit_questions": can_manage and interview.is_scheduled,
            "is_panelist": policies.sits_on_panel(user, interview),
            "can_start": policies.can_start_interview(user, interview)
            and services.can_transition(interview=interview, to=InterviewStatus.LIVE),
            "can_complete": can_manage and interview.is_live,
            "can_cancel": can_manage
            and services.can_transition(interview=interview, to=InterviewStatus.CANCELLED),
            "can_change": can_manage and can_change(interview),
            "can_download_invite": policies.can_download_invite(user, interview),
            "show_candidate_details": policies.can_see_candidate_details(user, interview),
        },
    )


@require_POST
def interview_status(request, pk: int):
    interview = _interview_or_404(request.user, pk)
    action = request.POST.get("action", "")
    # A one-line audit note (StatusChange.note); PostgreSQL refuses a NUL in it.
    note = one_line(request.POST.get("note", ""))[:500]
    if action == "start":
        if not policies.can_start_interview(request.user, interview):
            raise PermissionDenied
        change = services.interview_start
    elif action in ("complete", "cancel"):
        _require_recruiter(request.user)
        change = services.interview_complete if action == "complete" else services.interview_cancel
    else:
        messages.error(request, _("Unknown action."))
        return redirect("interviews:interview", pk=pk)
    kwargs = {} if action == "start" else {"note": note}
    try:
        change(interview=interview, by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("interviews:interview", pk=pk)
    messages.success(request, _("Status updated."))
    return redirect("interviews:interview", pk=pk)


@require_POST
def interview_questions(request, pk: int):
    """Before the start: drop, move up/down, or add a question from the bank."""
    _require_recruiter(request.user)
    interview = _interview_or_404(request.user, pk)
    action = request.POST.get("action", "")
    item_id = _id_param(request.POST, "item")
    try:
        if action == "drop":
            services.interview_question_drop(interview=interview, item_id=item_id)
        elif action in ("up", "down"):
            services.interview_question_move(
                interview=interview, item_id=item_id, offset=-1 if action == "up" else 1
            )
        elif action == "add":
            services.interview_question_add(
                interview=interview, question_id=_id_param(request.POST, "question")
            )
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Questions updated."))
    return redirect("interviews:interview", pk=pk)


def interview_question_swap(request, pk: int, item_pk: int):
    """Choose another published question of the same category for one frozen question."""
    _require_recruiter(request.user)
    interview = _interview_or_404(request.user, pk)
    item = get_object_or_404(interview.questions, pk=item_pk)
    if request.method == "POST":
        try:
            services.interview_question_swap(
                interview=interview,
                item_id=item.pk,
                replacement_id=_id_param(request.POST, "question"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Question swapped."))
            return redirect("interviews:interview", pk=pk)
    return render(
        request,
        "interviews/interview_swap.html",
        {
            "interview": interview,
            "item": item,
            "alternatives": services.swap_candidates(item=item)[:100],
            "locked": not interview.is_scheduled,
        },
    )


@cache_control(private=True, no_store=True)
def interview_invite(request, pk: int):
    """The .ics calendar invite, for the interview's panelists and recruiters."""
    interview = _interview_or_404(request.user, pk)
    if not policies.can_download_invite(request.user, interview):
        raise PermissionDenied
    body = interview_ics(interview=interview, domain=calendar_domain())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


def my_interviews(request):
    """The interviews the signed-in user sits on: coming and past."""
    mine = selectors.interviews_for_panelist(request.user)
    return render(
        request,
        "interviews/my_interviews.html",
        {
            "upcoming": mine.open(),
            "past": mine.closed().order_by("-scheduled_at")[:50],
        },
    )
