"""The identity-document fields every service shares: the ID card's number and the FİN, and a
sentence for each of core.kernel.identity's reasons (core.kernel.identity holds the rules)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField

from core.kernel import identity

ID_CARD_MESSAGES = {
    "required": lambda: _("Şəxsiyyət vəsiqəsinin nömrəsini yazın"),
    "format": lambda: _("Şəxsiyyət vəsiqəsinin nömrəsini AA və 7 rəqəm (məsələn AA1234567) və ya "
                        "AZE və 8 rəqəm (məsələn AZE12345678) şəklində yazın"),
}
FIN_MESSAGES = {
    "required": lambda: _("FİN kodu yazın"),
    "length": lambda: _("FİN kod 7 simvoldan ibarətdir: rəqəmlər və latın hərfləri, məsələn "
                        "5ZX8K2P"),
    "characters": lambda: _("FİN kodda yalnız rəqəmlər və latın hərfləri olur (I və O hərfləri "
                            "olmur), məsələn 5ZX8K2P"),
    "mismatch": lambda: _("Şəxsiyyət vəsiqəsinin nömrəsi və FİN kod eyni şəxsə aid deyil. Hər "
                          "ikisini vəsiqədən yenidən yoxlayın"),
}


def show_problem(field, messages: dict, code: str | None) -> None:
    """A reason of core's (or none) as the field's one sentence."""
    field.errors = [messages[code]()] if code else []


class IdentityDocumentsForm(FlaskForm):
    """Both documents of a citizen, first on the form; a form adds its own fields after them."""

    id_card_number = StringField(_l("Şəxsiyyət vəsiqəsinin nömrəsi"))
    fin = StringField(_l("FİN kod"))

    def check_documents(self) -> bool:
        """Formats only: whether the two belong to one person is the registry's to say."""
        show_problem(self.id_card_number, ID_CARD_MESSAGES,
                     identity.id_card_problem(self.id_card_number.data))
        show_problem(self.fin, FIN_MESSAGES, identity.fin_problem(self.fin.data))
        return not (self.id_card_number.errors or self.fin.errors)
