"""The plans: list, editor (sections, pins and a live preview, by htmx), the bank question
picker, duplicate and archive. Recruiters only."""

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from questionbank.models import Category

from . import plans as plan_services
from . import selectors
from .forms import PlanForm, SectionFormSet, parse_pin_ids
from .models import InterviewPlan
from .view_helpers import id_param, require_recruiter, text_param


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


def plans(request):
    require_recruiter(request.user)
    show_archived = request.GET.get("archived") == "1"
    query = text_param(request, "q", limit=100)
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


def _section_forms(formset) -> list[tuple[forms.Form, plan_services.SectionSpec]]:
    """Sections that parse, in form order, with their forms (the preview shows what it can)."""
    pairs = []
    for section_form in formset.forms:
        if not section_form.is_valid():
            continue
        data = section_form.cleaned_data
        if not data or data.get("DELETE") or not data.get("category"):
            continue
        spec = plan_services.SectionSpec(
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


def _specs_from(formset) -> list[plan_services.SectionSpec]:
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
    require_recruiter(request.user)
    plan = get_object_or_404(InterviewPlan, pk=pk) if pk else None
    form, formset, pin_ids, pin_errors = _editor_state(request, plan)
    errors: list[str] = list(pin_errors)
    if request.method == "POST" and "add_section" in request.POST:
        formset = SectionFormSet(_with_added_section(request.POST), prefix="sections")
    elif request.method == "POST":
        if form.is_valid() and formset.is_valid() and not pin_errors:
            pairs = _section_forms(formset)
            specs = [spec for _form, spec in pairs]
            resolved = plan_services.sections_resolve(sections=specs, pin_ids=pin_ids, seed=0)
            for warning in resolved.blocking:
                if warning.section_index is not None:
                    pairs[warning.section_index][0].add_error("count", warning.message)
            if not resolved.blocking:
                target = plan or InterviewPlan()
                target.name = form.cleaned_data["name"]
                target.description = form.cleaned_data["description"]
                target.position = form.cleaned_data["position"]
                try:
                    plan_services.plan_save(
                        plan=target, sections=specs, pin_ids=pin_ids, by=request.user
                    )
                except ValidationError as error:
                    errors.extend(error.messages)
                else:
                    messages.success(request, _("Plan saved."))
                    return redirect("interviews:plan_edit", pk=target.pk)
        errors.append(_("The plan was not saved: correct the errors below."))
    preview = plan_services.sections_resolve(
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
    return plan_services.plan_specs(plan=plan)[0] if plan else []


@require_POST
def plan_preview(request):
    """htmx: the resolved questions, minutes and warnings for the editor's current state."""
    require_recruiter(request.user)
    formset = SectionFormSet(request.POST, prefix="sections")
    pin_ids = _pin_ids(request.POST)
    seed = _int_or_zero(request.POST.get("seed"))
    if request.POST.get("reshuffle"):
        seed += 1
    preview = plan_services.sections_resolve(
        sections=_specs_from(formset), pin_ids=pin_ids, seed=seed
    )
    return render(request, "interviews/_plan_preview.html", {"preview": preview, "seed": seed})


@require_POST
def plan_pins(request):
    """htmx: add, remove or move a pinned question; answers with the pins block."""
    require_recruiter(request.user)
    pin_ids = _pin_ids(request.POST)
    error = ""
    if "add_pin" in request.POST:
        new_id = id_param(request.POST, "add_pin")
        if new_id is None or not selectors.question_pins([new_id]):
            error = _("That question is not published.")
        elif new_id in pin_ids:
            error = _("That question is already pinned.")
        else:
            pin_ids.append(new_id)
    elif "remove_pin" in request.POST:
        removed = id_param(request.POST, "remove_pin")
        pin_ids = [pk for pk in pin_ids if pk != removed]
    elif "up_pin" in request.POST:
        target = id_param(request.POST, "up_pin")
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
    require_recruiter(request.user)
    query = text_param(request, "q", limit=200)
    category = text_param(request, "category", limit=120)
    target = request.GET.get("target", "plan")
    interview = None
    if target != "plan":
        interview = get_object_or_404(
            selectors.interviews_visible_to(request.user), pk=id_param(request.GET, "target")
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
    require_recruiter(request.user)
    plan = get_object_or_404(InterviewPlan, pk=pk)
    copy = plan_services.plan_duplicate(plan=plan, by=request.user)
    messages.success(request, _("Plan duplicated; you are editing the copy."))
    return redirect("interviews:plan_edit", pk=copy.pk)


@require_POST
def plan_archive(request, pk: int):
    require_recruiter(request.user)
    plan = get_object_or_404(InterviewPlan, pk=pk)
    archived = request.POST.get("archived", "1") == "1"
    plan_services.plan_archive(plan=plan, archived=archived)
    messages.success(request, _("Plan archived.") if archived else _("Plan restored."))
    return redirect("interviews:plans")
