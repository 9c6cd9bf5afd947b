"""Excel in and out for the pairing ledger on the shared mechanism (fulian.core.spreadsheets).

Import: the pairing ledger (结对台账). The volunteer is found by ID number, or name + village, among the
registered volunteers the user may pair; the child by ID number, or name + birth date (the shared
`persons.resolve_people`). Each row goes through `services.check_pairing`, the checks of `pairing_create`
(child under 18 at the start, volunteer active, start not in the future …); a child with an active pairing,
or named twice in the file, is refused; rows are written by `pairing_create`.

Import: the volunteers (志愿者). The person by ID number, or name + birth date (the shared
`persons.resolve_people`, so in the user's scope and the chosen unit); kind, registration date (not in the
future), phone, note. Each row goes through `services.check_volunteer`, the checks of `volunteer_register`
(a person is registered once), a person named twice in the file is refused, and rows are written by
`volunteer_register`. Linking an account is not part of the import.

Import: the visit log (走访记录). The pairing is found by the child (ID number, or name + village) and the
volunteer's name among the pairings the user may log visits for; each row goes through the same checks as
`services.visit_record` (date within the pairing, not in the future, notes required), and a visit already
logged for that pairing on that day is refused (a file imported twice adds nothing). Export: pairings and
visits.

One module per part; everything is importable from `fulian.care.spreadsheet` as before."""

from .exports import PairingExportSpec, VisitExportSpec, VolunteerExportSpec
from .pairings import CHILD_EXAMPLES, CHILD_HEADERS, PAIRING_COLUMNS, PairingImportSpec
from .visits import FIELD_HEADERS, VISIT_COLUMNS, VisitImportSpec
from .volunteers import VOLUNTEER_COLUMNS, VolunteerImportSpec

__all__ = [
    "CHILD_EXAMPLES",
    "CHILD_HEADERS",
    "FIELD_HEADERS",
    "PAIRING_COLUMNS",
    "VISIT_COLUMNS",
    "VOLUNTEER_COLUMNS",
    "PairingExportSpec",
    "PairingImportSpec",
    "VisitExportSpec",
    "VisitImportSpec",
    "VolunteerExportSpec",
    "VolunteerImportSpec",
]
