"""The steps of each guide's video (Video təlimat), in the order its journey takes them: each
step's name (what the page is called) and what the citizen does there, in Azerbaijani (the
seeds' wording) and English. The journey marks every step as it reaches it
(e2e/guide_video.py); the captions are written from these texts, and
tests/test_guide_videos.py fails when these steps and the recorded captions differ."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str
    az: tuple[str, str]  # (the step's name, what the citizen does)
    en: tuple[str, str]


@dataclass(frozen=True)
class VideoScript:
    guide: str
    name: tuple[str, str]  # the service, in Azerbaijani and English
    steps: tuple[Step, ...]

    def title(self, language: str) -> str:
        if language == "en":
            return f"{self.name[1]}: video guide"
        return f"{self.name[0]}: video təlimat"


SOURCE_KEY = "egov-journey"  # the captions' NOTE names the journey that recorded them


def cue_text(step: Step, language: str, number: int) -> list[str]:
    """The lines of a step's caption: "Addım 2. <name>" and what to do."""
    name, does = step.en if language == "en" else step.az
    return [f"{'Step' if language == 'en' else 'Addım'} {number}. {name}", does]


def seconds_for(text: str) -> float:
    """Long enough to read the caption at a slow reading pace (about 12 characters a second),
    in quarters of a second (the video's frame rate)."""
    return min(10.0, max(4.0, round((1.5 + len(text) / 12) * 4) / 4))


def timestamp(seconds: float) -> str:
    whole = int(seconds)
    millis = round((seconds - whole) * 1000)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{millis:03d}"


def durations(script: VideoScript, language: str) -> list[float]:
    """How long the video shows each step: as long as its caption takes to read."""
    return [seconds_for(" ".join(cue_text(step, language, number)))
            for number, step in enumerate(script.steps, 1)]


def webvtt(script: VideoScript, language: str, source: str) -> str:
    """The captions of `script` in `language`: one cue per step, timed as the video shows it."""
    lines = [f"WEBVTT - {script.title(language)}", "", "NOTE",
             f"{SOURCE_KEY}: {source}", f"steps: {' '.join(s.key for s in script.steps)}", ""]
    start = 0.0
    for number, (step, seconds) in enumerate(zip(script.steps, durations(script, language)), 1):
        end = start + seconds
        lines += [str(number), f"{timestamp(start)} --> {timestamp(end)}",
                  *cue_text(step, language, number), ""]
        start = end
    return "\n".join(lines)


# The card step every paid service shares (web.platform.card_step).
CARD_STEP = Step("card",
                 ("Kartın məlumatları",
                  "Kartın nömrəsini, bitmə tarixini və CVV kodu yazın, “İrəli” düyməsinə bir "
                  "dəfə vurun."),
                 ("Card details",
                  "Type the card number, its expiry date and the CVV, then choose “Continue” "
                  "once."))

DEVICE_REGISTRATION = VideoScript(
    "mobil-cihazlarin-qeydiyyati",
    ("Mobil cihazların qeydiyyatdan keçirilməsi", "Registering a mobile device"), (
        Step("documents",
             ("Mobil cihazların qeydiyyatı",
              "Şəxsiyyət vəsiqəsinin nömrəsini, FİN kodu, İMEİ nömrəsini və şəkildəki kodu "
              "yazın, “Məlumatları yoxla” düyməsinə vurun."),
             ("Mobile device registration",
              "Type your ID card number, FIN, the device's IMEI and the code in the picture, "
              "then choose “Check the details”.")),
        Step("details",
             ("Ərizənin məlumatları",
              "Məlumatları yoxlayın, mobil nömrəni yazın, kart növünü seçin və “Təsdiqlə və "
              "ödəniş et” düyməsinə vurun."),
             ("Application details",
              "Check the details, type the mobile number, choose the card type and choose "
              "“Confirm and pay”.")),
        CARD_STEP,
        Step("declined",
             ("Bank ödənişi rədd etdi",
              "Kartdan pul çıxılmayıb: başqa kartla yenidən cəhd edin."),
             ("The bank declined the payment",
              "No money was taken: try again with another card.")),
        Step("receipt",
             ("Ödəniş qəbzi",
              "Qəbzi çap edin və ya yadda saxlayın. Portal ərizəni MCQS-ə özü göndərir."),
             ("Payment receipt",
              "Print or keep the receipt. The portal sends the application to MCQS itself.")),
        Step("registered",
             ("Qeydiyyatın vəziyyəti",
              "Cihaz 24 saat ərzində qeydiyyata alınır: vəziyyət “Qeydiyyata alınıb” olur."),
             ("Registration status",
              "The device is registered within 24 hours: the status becomes “Registered”.")),
        Step("archive",
             ("ARXİV",
              "Vəsiqənin nömrəsini və FİN kodu yazıb “Qeydiyyatları göstər” düyməsinə vurun: "
              "cihazlarınız və qəbzləri görünür."),
             ("ARCHIVE",
              "Type your ID card number and FIN and choose “Show registrations”: your devices "
              "and their receipts are listed.")),
    ))

BILL_PAYMENT = VideoScript(
    "rabite-ve-kommunal-odenisler",
    ("Rabitə və kommunal xidmət haqlarının ödənilməsi", "Paying telephone and utility bills"), (
        Step("number",
             ("Telefon nömrənizi yazın",
              "Şəhəri seçin, nömrəni şəhər kodu olmadan 7 rəqəmlə yazın və “İrəli” düyməsinə "
              "vurun."),
             ("Enter your telephone number",
              "Choose the city, type the number as 7 digits without the city code and choose "
              "“Continue”.")),
        Step("debts",
             ("Borclar",
              "Nömrəniz üzrə borclar görünür: ödəmək istədiyiniz borcun yanında “Ödə” düyməsinə "
              "vurun."),
             ("Debts",
              "The debts of your number are listed: choose “Pay” beside the one you want to "
              "pay.")),
        Step("amount",
             ("Məbləğ və kart növü",
              "Məbləği yoxlayın, kartın növünü seçin və “İrəli” düyməsinə vurun."),
             ("Amount and card type",
              "Check the amount, choose the type of card and choose “Continue”.")),
        Step("confirm",
             ("Məlumatları yoxlayın",
              "Hər şey düzgündürsə “İrəli”, ödəmək istəmirsinizsə “İmtina et” düyməsinə vurun."),
             ("Check the details",
              "If everything is right choose “Continue”; if you do not want to pay, choose "
              "“Cancel”.")),
        CARD_STEP,
        Step("paid",
             ("Ödəniş uğurla həyata keçirildi",
              "Bildirişi e-poçtunuza göndərmək üçün ünvanınızı yazıb “Bildirişi e-poçta göndər” "
              "düyməsinə vurun."),
             ("Payment successful",
              "To get the notice by e-mail, type your address and choose “Send the notice by "
              "e-mail”.")),
        Step("sent",
             ("Bildiriş göndərilir",
              "Bildirişi çap edə və ya eyni nömrə üzrə digər borcları ödəyə bilərsiniz."),
             ("The notice is on its way",
              "You can print the notice or pay another debt of the same number.")),
    ))

METER_DAMAGE = VideoScript(
    "sayga-zedelenmesinin-arasdirilmasi",
    ("Sayğac zədələnməsinin araşdırılması", "Investigation of damage to an electricity meter"), (
        Step("service",
             ("Xidmətin səhifəsi",
              "“Bütün xidmətlər”, “Azərişıq ASC” və xidmətin adına vurun, sonra “Xidmətə keç” "
              "düyməsinə vurun."),
             ("The service's page",
              "Choose “All services”, “Azərişıq OJSC” and the service, then choose “Start "
              "now”.")),
        Step("sign-in",
             ("Portala giriş",
              "Giriş üsullarından birini seçin, məsələn istifadəçi adı və şifrə ilə."),
             ("Sign in",
              "Choose one way to sign in, for example with a username and password.")),
        Step("basic",
             ("Əsas məlumatlar",
              "Adınız, FİN və ünvanınız əhali reyestrindən gəlir: yoxlayın və “İrəli” "
              "düyməsinə vurun."),
             ("Basic details",
              "Your name, FIN and address come from the population registry: check them and "
              "choose “Continue”.")),
        Step("kind",
             ("Müraciət məlumatları",
              "Abonent növünü seçin: “Əhali” və ya “Qeyri-Əhali”, sonra “İrəli”."),
             ("Application details",
              "Choose the kind of subscriber, household or business, then “Continue”.")),
        Step("meter",
             ("Sayğac və zədə",
              "Adınıza olan abonent kodunu və sayğacda nə baş verdiyini seçin, “İrəli” "
              "düyməsinə vurun."),
             ("The meter and the damage",
              "Choose the subscriber code in your name and what happened to the meter, then "
              "“Continue”.")),
        Step("contact",
             ("Əlaqə məlumatları",
              "Aktiv mobil nömrənizi və istəsəniz e-poçtunuzu yazın: nəticə SMS ilə gələcək."),
             ("Contact details",
              "Type an active mobile number and, if you like, your e-mail: the result comes by "
              "SMS.")),
        Step("check",
             ("Müraciəti yoxlayın və göndərin",
              "Cavablarınızı yoxlayın və “Müraciəti göndər” düyməsinə vurun."),
             ("Check your application and send it",
              "Check your answers and choose “Send the application”.")),
        Step("registered",
             ("Müraciətiniz qeydə alındı",
              "Müraciət nömrəsini yadda saxlayın: SMS və e-poçt da göndərildi."),
             ("Your application is registered",
              "Keep the application number: an SMS and an e-mail were sent too.")),
        Step("result",
             ("Müraciətlərim",
              "Azərişıq ASC-nin nəticəsi və vəziyyətin tarixçəsi burada görünür."),
             ("My applications",
              "Azərişıq's result and the history of the status are shown here.")),
    ))

CALL_RECORDS = VideoScript(
    "seherlerarasi-danisiqlar",
    ("Şəhərlərarası və beynəlxalq danışıqlar üzrə məlumat",
     "Intercity and international calls this month"), (
        Step("all-services",
             ("Bütün xidmətlər",
              "Yuxarı menyuda “E-xidmətlər: Bütün xidmətlər”, sonra nazirliyin adına vurun."),
             ("All services",
              "In the top menu choose “E-services: All services”, then the ministry.")),
        Step("ministry",
             ("Nazirliyin xidmətləri",
              "“Cari ay ərzində aparılmış şəhərlərarası və beynəlxalq danışıqlar” xidmətinə "
              "vurun."),
             ("The ministry's services",
              "Choose “Intercity and international calls made this month”.")),
        Step("service",
             ("Xidmətin səhifəsi",
              "Hansı giriş üsullarının qəbul olunduğunu oxuyun və “Xidmətə keç” düyməsinə "
              "vurun."),
             ("The service's page",
              "Read which ways to sign in are accepted and choose “Start now”.")),
        Step("sign-in",
             ("Portala giriş",
              "Giriş üsulunu seçin: elektron imza, e-gov identity, Asan İmza və ya şifrə."),
             ("Sign in to the portal",
              "Choose how to sign in: e-signature, e-gov identity, Asan İmza or a password.")),
        Step("password",
             ("İstifadəçi adı və şifrə",
              "İstifadəçi adınızı və şifrənizi yazıb “Daxil ol” düyməsinə vurun."),
             ("Username and password",
              "Type your username and password and choose “Sign in”.")),
        Step("records",
             ("Danışıqların siyahısı",
              "Bu ay nömrənizdən edilən zənglər, müddəti və məbləği görünür. Sonda “Çıxış”."),
             ("The list of calls",
              "This month's calls from your number, their length and cost. Then “Sign out”.")),
    ))

HOUSING = VideoScript(
    "guzestli-menzil",
    ("Güzəştli mənzil", "Discounted housing (Güzəştli mənzil)"), (
        Step("service",
             ("Xidmətin səhifəsi",
              "“Güzəştli mənzil” xidmətinin səhifəsində “Xidmətə keç” düyməsinə vurun."),
             ("The service's page",
              "On the Güzəştli mənzil service's page choose “Start now”.")),
        Step("asan-imza",
             ("Asan İmza ilə giriş",
              "Asan İmza nömrənizi və İstifadəçi ID-ni yazıb “Daxil ol” düyməsinə vurun."),
             ("Signing in with Asan İmza",
              "Type your Asan İmza number and user ID and choose “Sign in”.")),
        Step("confirm-pin1",
             ("Telefonunuzda sorğunu təsdiqləyin",
              "Telefondakı kod portaldakı ilə eynidirsə, telefonda PIN1 kodunu daxil edin."),
             ("Confirm the request on your phone",
              "If the code on your phone is the same as here, enter your PIN1 on the phone.")),
        Step("cabinet",
             ("Elektron kabinet",
              "Satış davam edərkən “Mənzil seç” düyməsinə vurun."),
             ("E-cabinet",
              "While the sale is open, choose “Choose a flat”.")),
        Step("payment",
             ("Ödəniş üsulu",
              "İpoteka kreditinin və ya öz vəsaitinizin hesabına seçin və “Davam et”."),
             ("How you will pay",
              "Choose a mortgage loan or your own funds, then “Continue”.")),
        Step("flats",
             ("Mənzillərin siyahısı",
              "Boş mənzilin yanında “Təsdiq et” düyməsinə vurun: ilk sıxan mənzili tutur."),
             ("The list of flats",
              "Choose “Confirm” beside a free flat: the first to press it holds the flat.")),
        Step("held",
             ("Müraciətim",
              "Mənzil 15 dəqiqəlik saxlanılır: bu müddətdə “Asan İmza ilə imzala” düyməsinə "
              "vurun."),
             ("My application",
              "The flat is held for 15 minutes: within them choose “Sign with Asan İmza”.")),
        Step("confirm-pin2",
             ("Telefonunuzda imza sorğusunu təsdiqləyin",
              "Kodlar eynidirsə, telefonda PIN2 kodunu daxil edin (PIN1 deyil)."),
             ("Confirm the signing request on your phone",
              "If the codes match, enter your PIN2 on the phone (not PIN1).")),
        Step("signed",
             ("İmzalanıb və göndərilib",
              "Müraciət imzalanıb: mənzil Sizin adınıza seçilib."),
             ("Signed and submitted",
              "The application is signed: the flat is chosen in your name.")),
    ))

SCRIPTS = {script.guide: script for script in (
    DEVICE_REGISTRATION, BILL_PAYMENT, METER_DAMAGE, CALL_RECORDS, HOUSING)}
