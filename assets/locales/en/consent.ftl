# The notice and the consent wording at the desk (from the clinic's privacy policy, sections 1, 2
# and 8, and docs/LAW.md). Changing a single character makes a new version (hash). Consents
# already given stay with the wording they were given on.
# $clinic: the clinic's name (from the clinic profile in settings)

# What care needs is collected under the law without consent (policy section 1: "the essential
# information for treatment is collected through the registration card without separate consent
# under the Medical Service Act"). So this is a notice with no tick box, and never blocks registering.
registration-notice-title = How we process your personal information for your care
registration-notice-body =
    { $clinic } takes the information below on the registration card for your care. The law provides for this, so no separate consent is asked.
    Items: name, date of birth, resident registration number, gender, address, age, contact number, mobile phone, email, hospital registration number, service application status
    Purpose: diagnosis and treatment; billing, payment and refunds; identity checks for appointments and appointment inquiries
    Legal basis: Personal Information Protection Act Art. 15(1)2 and 4, and the Medical Service Act. The resident registration number is processed under Art. 24-2 of that Act and Art. 42-2 of the Enforcement Decree of the Medical Service Act.
    Retention: patient register 5 years, medical records 10 years (Medical Service Act Art. 22(2) and its Enforcement Rule Art. 15(1)); destroyed without delay afterwards.
    Entrustment (PIPA Art. 26): Mement Co., Ltd. runs the website, manages and stores the database, sends online-booking and reminder texts, and sends advertising to those who agreed.
    Refusing the optional item below has no effect on your care.
    You may ask to see, correct or delete your information, or to stop its processing. Please ask the privacy officer.

consent-marketing-title = [Optional] Consent to the collection and use of personal information for advertising and marketing
consent-marketing-body =
    Only if you agree, { $clinic } sends advertising and promotional information by text and social media: hospital news, procedures and events, personalised advertising and marketing, and cosmetics.
    Items: name, mobile phone, email
    The trustee Mement Co., Ltd. does this sending for us (Personal Information Protection Act Art. 26(3)).
    Retention: until you withdraw your consent
    You may refuse. Refusing has no effect on your care or on any other service. You can withdraw at any time, and the withdrawal takes effect at once.

# The plain-language notice for anyone under 19 (the policy's promise, section 1: "a separate form
# written in plain language that a minor can easily understand"). Rewritten for a child, not a
# copy of the legal text; polite, one idea per line. Changing it makes a new version (hash).
notice-title = A note for children and teens
notice-body =
    This is a note for you from { $clinic }.
    To look after you, the clinic writes down a few things about you.
    What we write down: your name, birthday, resident registration number, gender, address, phone numbers and email.
    Why? To check it is really you, to treat you, and to work out the bill.
    The law says the clinic must write these down.
    We keep the patient list for 5 years, counted from your last visit.
    We keep treatment notes for 10 years. After that, we get rid of them straight away.
    When we ask the national health insurance to pay for your care, we send only what the law needs.
    If a court gives a warrant, the law may make us show it.
    Apart from that, we do not show it or give it to anyone.
    A company called Mement sends booking reminder texts for the clinic.
    We send adverts only if your parent says yes.
    If they say no, your care stays exactly the same.
    With your parent, you can ask at the front desk to see your information.
    You can also ask us to fix what is wrong, or to delete what is not needed.
    You can ask your parents or anyone at the front desk about this at any time.
    Your parent (your legal representative) reads this too.
