"""DfE's rule messages, said the way a worker would fix them.

The rules engine's messages are written for performance teams ("Child's disability is missing
or invalid (see Disability table)"). On the child's record and the worktray a worker needs to
know what to record where. Rules not listed here show DfE's own message.
"""

PLAIN_WORDS: dict[str, str] = {
    "4180": "Record the child's sex on their details page (use 'Not known' if it is not known).",
    "4220": "Record the child's ethnicity on their details page ('Information not yet obtained' is allowed).",
    "8540": "Record the child's disabilities on their details page, or 'No disability'.",
    "8790": "The child's disabilities include 'No disability' and a disability: keep one or the other.",
    "8794": "A disability is recorded twice for the child: remove the repeat.",
    "8770Q": "The child is of school age: record their unique pupil number, or why it is not known.",
    "8772": "The reason the UPN is not known says 'referral with no further action', but the child has had further action.",
    "1510": "The unique pupil number's check letter is wrong: check the UPN with the school.",
    "1520": "Another child in the return has the same unique pupil number: check both records.",
    "1530": "The unique pupil number does not start with a known local authority number: check it.",
    "1540": "The unique pupil number has letters where digits belong: check it.",
    "1550": "The unique pupil number's last character is not valid: check it.",
    "8525Q": "Record the child's date of birth (or, before birth, the expected date of birth) but not both.",
    "8530Q": "The expected date of birth is outside this census's range: update it, or record the birth.",
    "8750": "An unborn child's sex must be recorded as not known.",
    "8606": "The referral is dated more than 40 weeks before the child's (expected) birth: check both dates.",
    "8610": "Record the primary need on the referral: it went on to further action.",
    "8866": "Record who made the referral (the referral source).",
    "8867": "The episode is closed but an assessment on it was never authorised: authorise it or correct the closure.",
    "8868": "The episode is closed but a section 47 enquiry on it has no conference date and no 'conference not needed' outcome.",
    "8670Q": "An assessment has been open for more than 45 working days: complete and authorise it.",
    "8675Q": "A section 47 enquiry started more than 15 working days ago has no initial conference or outcome.",
    "8736": "An assessment started before this census year is still open: complete and authorise it.",
    "8740": "A section 47 enquiry started before this census year has no conference date or outcome.",
    "8897Q": "An authorised assessment has no factors recorded: add the factors (or 'No factors identified').",
    "8869": "'No factors identified' is recorded with other factors on an assessment: keep one or the other.",
    "8875": "The initial child protection conference is dated on a weekend: check the date.",
    "2885": "The child protection plan does not start on the day of the initial conference.",
    "8815": "The child has more than one open episode of need: close the older one.",
    "8816": "The open episode of need is not the latest one: check the referral and closure dates.",
    "8820": "Two of the child's episodes of need overlap: check their referral and closure dates.",
    "4001": "A child in need plan runs at the same time as a child protection plan: end the CIN plan.",
    "4016": "A child in need plan is open during a child protection plan: end the CIN plan.",
    "4017": "A child in need plan is open during a child protection plan: end the CIN plan.",
    "8935": "The child has more than one open child protection plan.",
    "8940": "Two of the child's child protection plans overlap.",
    "8565": "Something is recorded after the episode was closed: check the dates or reopen the episode.",
    "2990": "The episode was closed after assessment, yet later work is recorded on it: check the closure reason.",
    "8825Q": "The closure reason says 'closed after assessment' but the episode has no assessment.",
    "8873Q": "The only assessment found no factors: the closure reason should be 'closed after assessment'.",
    "8831": "The referral is marked 'no further action' but has an assessment or enquiry.",
    "8832": "The referral is marked 'no further action' but has a child protection plan.",
    "4000": "The referral is marked 'no further action' but has a child in need plan.",
    "8520": "The date of birth is after the end of the census year: check it.",
    "8545Q": "The date of death is outside the census year: check it.",
    "8585Q": "The episode closed because the child died, but no date of death is recorded.",
}


def in_plain_words(rule: str, message: str) -> str:
    return PLAIN_WORDS.get(rule, message)
