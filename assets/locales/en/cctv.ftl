# CCTV: the words for requests, decisions and the management ledger, shared by the screen,
# the printed forms, the CSV export and the CLI.

cctv-request-kind-view = View
cctv-request-kind-confirm = Confirm existence
cctv-request-kind-delete = Delete
cctv-relation-subject = The person filmed
cctv-relation-legal-representative = Legal representative
cctv-relation-delegate = Delegate (power of attorney)
cctv-relation-other = Someone else (needed to protect life, body or property)
cctv-idcheck-id-card = Resident ID card
cctv-idcheck-driver-licence = Driver's licence
cctv-idcheck-passport = Passport
cctv-idcheck-other = Another way
cctv-decision-approve = Approved
cctv-decision-approve-masked = Approved (other people masked)
cctv-decision-refuse = Refused
cctv-ground-footage-destroyed = The footage was destroyed when its retention period ended.
cctv-ground-others-rights = Other people appear in the footage and their rights cannot be protected.
cctv-ground-not-subject = You are not the person filmed, and it is not needed to protect life, body or property.
cctv-ground-other = Another reason
cctv-status-received = Awaiting decision
cctv-status-approved = Approved, not booked
cctv-status-booked = Viewing booked
cctv-status-no-show = Did not come
cctv-status-closed = Closed
cctv-preservation-not-needed = No preservation needed
cctv-preservation-asked = Preserve footage
cctv-preservation-done = Footage preserved
cctv-preservation-destroyed = Preserved copy destroyed
cctv-kind-use = Use
cctv-kind-provision = Provision
cctv-kind-viewing = Viewing
cctv-kind-destruction = Destruction
cctv-reason-preserve = Footage preserved
cctv-reason-mask = Other people masked
cctv-reason-view = Viewed by the requester
cctv-reason-copy = Copy handed over
cctv-reason-delete = Deleted on request
cctv-reason-preserved-copy = Preserved copy destroyed after the request ended
cctv-reason-manual = Entered by hand
cctv-reason-correction = Correction
cctv-basis-pipa-35 = PIPA Art. 35 (access)
cctv-basis-pipa-36 = PIPA Art. 36 (correction and deletion)
cctv-basis-pipa-18-2-3 = PIPA Art. 18(2)(3) (urgent life, body or property)
cctv-basis-pipa-18-2-1 = PIPA Art. 18(2)(1) (the person's separate consent)
cctv-basis-pipa-18-2-2 = PIPA Art. 18(2)(2) (another law, e.g. a warrant under Criminal Procedure Act Art. 215)
cctv-basis-pipa-25-1 = PIPA Art. 25(1) (use within the installation purpose)
cctv-basis-pipa-18-2-7 = PIPA Art. 18(2)(7) (earlier record: public institutions only)
cctv-basis-other = Another basis

cctv-col-no = No.
cctv-col-kind = Kind
cctv-col-at = Date and time
cctv-col-footage = Footage
cctv-col-staff = Staff in charge
cctv-approved-by = approved by { $name }
cctv-present = present: { $name }
cctv-col-purpose = Purpose / reason
cctv-col-party = Requester / recipient
cctv-col-basis = Legal basis
cctv-col-form = Form of provision
cctv-col-period = Period
cctv-col-request = Request
cctv-col-corrects = Corrects
cctv-corrects = corrects no. { $no }

cctv-ledger-title = Personal video information ledger
cctv-ledger-period = Period: { $from } to { $to }
cctv-ledger-count = { $count ->
    [one] 1 row
   *[other] { $count } rows
}
cctv-ledger-empty = Nothing was recorded in this period.
cctv-answers-title = Answers to requests
cctv-answers-help = Requests answered in this period. Existence answers and refusals write no row of their own in the ledger, so they are listed here with their grounds.
cctv-answers-empty = No request was answered in this period.
cctv-ans-received = Received
cctv-ans-kind = Request
cctv-ans-relation = Requester
cctv-ans-decided = Answered
cctv-ans-by = Answered by
cctv-ans-decision = Answer
cctv-ans-ground = Ground for refusal
cctv-ans-existence-answered = Existence answered
cctv-ledger-footer = Ledger · printed { $at } by { $by }

cctv-form-title = Request to view, confirm or delete personal video information
cctv-form-intro = If you want to see, confirm the existence of, or delete footage of yourself from the clinic's fixed video devices (CCTV), please fill in this form.
cctv-form-statute = Request to view, confirm or delete personal video information under the Personal Information Protection Act, Articles 35 to 37, and its Enforcement Decree, Article 41
cctv-form-period = Processing period: within 10 days of receiving the request we let you view it, or tell you why not and how to object.
cctv-form-filmed = The person in the footage (when a representative or delegate asks)
cctv-form-poa = Delegate's authority
cctv-form-poa-checked = The power of attorney of the person filmed, with their seal certificate or signature confirmation, was checked
cctv-form-requester = Requester
cctv-form-name = Name
cctv-form-birth = Date of birth
cctv-form-address = Address
cctv-form-phone = Phone
cctv-form-relation = Relation to the person filmed
cctv-form-relation-reason = Relation / why it is needed
cctv-form-request = What you ask for
cctv-form-kind = Request
cctv-form-footage = Footage date and time
cctv-form-locations = Place (cameras)
cctv-form-purpose = Purpose and reason
cctv-form-idcheck = Identity checked with
cctv-form-declare = I request access to personal video information as above.
cctv-form-date = Date
cctv-form-sign = Requester's signature
cctv-form-receipt = Receipt (for the clinic)
cctv-form-receipt-no = Request no.
cctv-form-received-at = Received at
cctv-form-received-by = Received by
cctv-form-due = Answer due
cctv-form-guide-title = Please note
cctv-form-guide-1 = We answer within 10 days of receiving your request.
cctv-form-guide-2 = Footage is kept for { $unit ->
        [months] { $count ->
            [1] one month (to the same day next month)
           *[other] { $count } months
        }
       *[days] { $count } days
    } from the day it was filmed and then deleted automatically. Footage already deleted cannot be shown.
cctv-form-guide-3 = Other people in the footage are masked before it is shown. If they cannot be masked, access may be limited.
cctv-form-guide-4 = Viewing is by appointment at the { $place }.
cctv-form-guide-5 = Contact: video information officer { $officer } ({ $contact })
cctv-form-footer = Request { $no }
cctv-form-footer-blank = Blank request form

cctv-notice-title = Decision on your request about personal video information
cctv-notice-to = To { $name }
cctv-notice-intro = About your request received on { $received } (request no. { $no }), we have decided as follows.
cctv-notice-decision = Decision
cctv-notice-ground = Reason for refusal
cctv-notice-masked = Other people in the footage will be masked when it is shown to you.
cctv-notice-appointment = Viewing time and place
cctv-notice-appointment-value = { $at }, { $place }
cctv-notice-appointment-call = We will call you to agree a time. { $officer } ({ $contact })
cctv-notice-confirm-yes = We confirm that the footage you asked about exists.
cctv-notice-delete-yes = The footage you asked about will be deleted. Once deleted it cannot be restored.
cctv-notice-object-1 = If you disagree with this decision, tell the video information officer { $officer } ({ $contact }). We will review it and answer within 10 days.
cctv-notice-date = Date of notice
cctv-notice-signer = { $clinic }, video information officer { $officer }
cctv-notice-footer = Decision notice · request { $no }

# Places cameras must not see, or may see only with consent (warnings on the setup screen)
cctv-concern-changing-room = { $location }: no camera may be installed or run that sees inside a changing room (PIPA Art. 25(2)). Check that none sees inside.
cctv-concern-restroom = { $location }: no camera may be installed or run that sees inside a restroom or shower (PIPA Art. 25(2)). Check that none sees inside.
cctv-concern-consulting-room = { $location }: where patients in care can be seen, such as consulting rooms, the people filmed must consent (PIPA Art. 25). Without consent, make sure no camera sees inside.

# How footage was destroyed (the "form" column of a ledger destruction row)
cctv-method-overwrite = Deleted on the recorder (overwritten)
cctv-method-secure-erase = Deleted with a tool that makes it unrecoverable
cctv-method-physical = Storage medium physically destroyed (shredded, drilled)
