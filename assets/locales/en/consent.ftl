# The consent wording asked at the desk (taken from the clinic's privacy policy, sections 1, 2, 8).
# Changing a single character makes a new version (hash). Consents already given stay with the
# wording they were given on.
# $clinic: the clinic's name (from the clinic profile in settings)

consent-collection-title = [Required] Consent to the collection and use of personal information
consent-collection-body =
    { $clinic } collects and uses the personal information below for medical care and its administration.
    Items: name, date of birth, resident registration number, gender, address, age, contact number, mobile phone, email, hospital registration number, service application status
    Purpose: medical services for diagnosis and treatment, and administrative services such as billing, payment and refunds; identity checks for appointments and appointment inquiries
    Retention: patient register 5 years, medical records 10 years (Enforcement Rule of the Medical Service Act, Art. 15); destroyed without delay afterwards.
    You have the right to refuse. If you refuse this required consent, we cannot register you or send appointment guidance.

consent-entrustment-title = Consent to the entrustment of processing
consent-entrustment-body =
    { $clinic } entrusts its online booking and text-message work as follows.
    Trustee: Mement Co., Ltd.
    Entrusted work: website operation and management, database management and storage, delivery of booking and reminder messages
    Items: name, date of birth, gender, address, age, contact number, mobile phone, email, hospital registration number, service application status
    Retention: until the end of the entrustment contract
    Refusing has no effect on your care; only online booking and text reminders are not available.

consent-marketing-title = [Optional] Consent to marketing and promotion
consent-marketing-body =
    Only if you agree, { $clinic } sends advertising and promotional information by text and social media: hospital news, procedures and events, personalised advertising and marketing, and cosmetics.
    Items: name, mobile phone, email
    Retention: until you withdraw your consent
    Refusing has no effect on your care or on any other service. You can withdraw at any time, and the withdrawal takes effect at once.

# The plain-language notice for anyone under 19 (the policy's promise, section 1: "a separate form
# written in plain language that a minor can easily understand"). Rewritten for a child, not a
# copy of the legal text; one idea per line. Changing it makes a new version (hash).
notice-title = A note for children and teens
notice-body =
    This is a note to you from { $clinic }.
    To look after you, we write down a few things about you.
    What we write down: your name, birthday, resident registration number, gender, address, phone numbers and email.
    Why? So we know it is really you, can treat you, and can work out the bill.
    How long do we keep it? The patient list for 5 years and treatment notes for 10 years. The law says so.
    When that time is over, we get rid of it straight away.
    We do not show it or give it to just anyone.
    A company called Mement helps us with online booking and text reminders.
    We only send you adverts if you say yes. You can say no.
    Saying no to adverts does not change your care at all.
    Without the things we must write down (like your name and birthday), we cannot book you in.
    You can ask your parents or anyone at the clinic about this at any time.
    Your parent or guardian reads this too, and they agree for you.
