"""The portal's services catalogue: agencies and the services they offer (seeds 000–004).

Data, not markup: the web layer draws pages from it. Texts carry both languages because
they are records of the catalogue, not interface wording."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    az: str
    en: str

    def __call__(self, locale: str) -> str:
        return self.en if locale == "en" else self.az


# Sign-in methods, in the order the seeds list them.
E_IMZA = "e_imza"
EGOV_IDENTITY = "egov_identity"
ASAN_IMZA = "asan_imza"
PASSWORD = "password"


@dataclass(frozen=True)
class Service:
    slug: str
    agency_slug: str
    seed: str
    name: Text
    purpose: Text
    sign_in_methods: tuple[str, ...] = ()
    live: bool = False
    # Services that demand it allow one signed-in session per citizen at a time.
    single_session: bool = False
    session_minutes: int | None = None
    guide_slug: str | None = None

    @property
    def sign_in_required(self) -> bool:
        return bool(self.sign_in_methods)


@dataclass(frozen=True)
class Agency:
    slug: str
    name: Text
    services: tuple[Service, ...] = field(default=())


MINISTRY = "rabite-nazirliyi"
AZERISHIQ = "azerisiq"
HOUSING_AGENCY = "menzil-insaati-agentliyi"
# Each service's slug, written once: its catalogue entry, its URLs (the blueprint's prefix),
# its records (usage counts, drafts, receipts, applications) all use these.
DEVICE_REGISTRATION = "mobil-cihazlarin-qeydiyyati"
BILL_PAYMENT = "rabite-ve-kommunal-odenisler"
CALL_RECORDS = "seherlerarasi-danisiqlar"
METER_DAMAGE = "sayga-zedelenmesinin-arasdirilmasi"
HOUSING = "guzestli-menzil"  # Güzəştli mənzil: the sandbox sale names it too

SERVICES: tuple[Service, ...] = (
    Service(
        slug=DEVICE_REGISTRATION, agency_slug=MINISTRY, seed="000",
        name=Text("Mobil cihazların qeydiyyatdan keçirilməsi", "Registering a mobile device"),
        purpose=Text(
            "Xaricdən gətirilən mobil cihazın (telefonun) İMEİ nömrəsini qeydiyyatdan keçirin: "
            "rüsumu kartla ödəyin, qəbzi alın və cihaz 24 saat ərzində Mobil Cihazların "
            "Qeydiyyatı Sistemində qeydiyyata alınsın.",
            "Register the IMEI of a mobile phone brought in from abroad: pay the fee by card, "
            "get a receipt, and the device is registered in the Mobile Device Registration "
            "System (MCQS) within 24 hours.",
        ),
        live=True,
        guide_slug=DEVICE_REGISTRATION,
    ),
    Service(
        slug=BILL_PAYMENT, agency_slug=MINISTRY, seed="001",
        name=Text(
            "Rabitə və kommunal xidmət haqlarının internet vasitəsilə ödənilməsi",
            "Paying telephone, internet and utility bills online",
        ),
        purpose=Text(
            "Şəhər telefon nömrəniz üzrə telefon və internet abunə haqqını, şəhərlərarası "
            "danışıqları, qaz və işıq borclarını görün və kartla ödəyin.",
            "See what is owed on your landline number for telephone and internet subscription, "
            "intercity calls, gas and electricity, and pay it by card.",
        ),
        live=True,
        guide_slug=BILL_PAYMENT,
    ),
    Service(
        slug=CALL_RECORDS, agency_slug=MINISTRY, seed="003",
        name=Text(
            "Cari ay ərzində aparılmış şəhərlərarası və beynəlxalq danışıqlar üzrə məlumat",
            "Intercity and international calls made this month",
        ),
        purpose=Text(
            "Adınıza olan şəhər telefon nömrəsi üzrə cari ay ərzində aparılmış şəhərlərarası və "
            "beynəlxalq danışıqların siyahısını və məbləğini görün.",
            "See the intercity and international calls made this month from the landline "
            "registered in your name, with what each costs.",
        ),
        sign_in_methods=(E_IMZA, EGOV_IDENTITY, ASAN_IMZA, PASSWORD),
        live=True,
        guide_slug=CALL_RECORDS,
    ),
    Service(
        slug=METER_DAMAGE, agency_slug=AZERISHIQ, seed="002",
        name=Text(
            "Əhali və Qeyri-Əhali abonentinin sayğac zədələnməsinin araşdırılması",
            "Investigation of damage to an electricity meter (households and businesses)",
        ),
        purpose=Text(
            "Elektrik sayğacınızın zədələnməsi barədə Azərişıq ASC-yə müraciət edin; müraciətin "
            "qeydə alınması və nəticəsi barədə SMS və e-poçt ilə məlumat alın.",
            "Report damage to your electricity meter to Azərişıq; you are told by SMS and e-mail "
            "when the report is registered and what was found.",
        ),
        sign_in_methods=(E_IMZA, ASAN_IMZA, PASSWORD),
        live=True,
        guide_slug=METER_DAMAGE,
    ),
    Service(
        slug=HOUSING, agency_slug=HOUSING_AGENCY, seed="004",
        name=Text("Güzəştli mənzil", "Discounted housing (Güzəştli mənzil)"),
        purpose=Text(
            "Güzəştli mənzil satışında iştirak üçün şəxsi elektron kabinet: gücləndirilmiş "
            "elektron imza ilə giriş, mənzil seçimi və sənədlərin imzalanması.",
            "The personal e-cabinet for the discounted housing sale: sign in with an enhanced "
            "electronic signature, choose a flat and sign the documents.",
        ),
        sign_in_methods=(E_IMZA, ASAN_IMZA),
        live=True,
        single_session=True,
        session_minutes=500,
        guide_slug=HOUSING,
    ),
)

AGENCIES: tuple[Agency, ...] = tuple(
    Agency(slug=slug, name=name, services=tuple(s for s in SERVICES if s.agency_slug == slug))
    for slug, name in (
        (MINISTRY, Text(
            "Nəqliyyat, Rabitə və Yüksək Texnologiyalar Nazirliyi",
            "Ministry of Transport, Communications and High Technologies",
        )),
        (AZERISHIQ, Text("Azərişıq ASC", "Azərişıq OJSC")),
        (HOUSING_AGENCY, Text(
            "Mənzil İnşaatı Dövlət Agentliyi", "State Housing Construction Agency",
        )),
    )
)


def agency(slug: str) -> Agency | None:
    return next((a for a in AGENCIES if a.slug == slug), None)


def service(slug: str) -> Service | None:
    return next((s for s in SERVICES if s.slug == slug), None)
