"""Who the agreement is between and who signs it: parties, their units and contacts, signatories."""

from typing import Annotated, Any, Literal

from pydantic import Field

from iopctl.model.base import Strict, described, new_list
from iopctl.model.scalars import (
    Ident,
    IsoDate,
    Markdown,
    Scalar,
    Text,
)


def _orgnr(value: Any) -> str:
    """An organisation number written NNNNNN-NNNN with a valid Luhn check digit."""
    from iopctl.model.identifiers import parse_org_number

    return parse_org_number(value)


OrgNumber = Annotated[
    str,
    Scalar(
        _orgnr,
        {
            "type": "string",
            "pattern": r"^[0-9]{6}-[0-9]{4}$",
            "description": "Organisation number (organisationsnummer), NNNNNN-NNNN.",
        },
    ),
]


class Address(Strict):
    """A postal address (postadress)."""

    street: Text = described("Street and number (gatuadress), e.g. 'Algatan 13'.")
    postal_code: Text | None = Field(
        None, description="Postal code (postnummer), e.g. '231 83'; null when the text gives none."
    )
    city: Text = described("Postal town (postort), e.g. 'Trelleborg'.")


ContactRole = Literal["contract", "day_to_day", "general"]


class Contact(Strict):
    """A contact person (kontaktperson) for one or more roles."""

    name: Text = described("Full name (namn).")
    title: Text | None = Field(None, description="Title or function (titel), e.g. 'Verksamhetschef'.")
    email: Text | None = Field(None, description="E-mail address (e-post).", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: Text | None = Field(None, description="Telephone number as written (telefon).")
    website: Text | None = Field(None, description="Web site (webbplats), when the text gives one instead of e-mail.")
    roles: list[ContactRole] = Field(
        default_factory=lambda: list[ContactRole](["general"]),
        description="Roles: contract (kontaktperson avtalsfrågor), day_to_day (löpande ärenden), general.",
    )
    unit: Ident | None = Field(None, description="Unit id within the party, when the contact belongs to one.")


class Unit(Strict):
    """A committee, administration or office that acts or pays for a party (nämnd, förvaltning)."""

    id: Ident = described("Identifier used to refer to this unit (payer, owner, signatory).")
    name: Text = described("Name as in the agreement, e.g. 'Socialförvaltningen'.")


class Party(Strict):
    """A party to the agreement (part): public (offentlig part) or non-profit (idéburen part)."""

    id: Ident = described("Identifier used to refer to this party elsewhere in the file.")
    kind: Literal["public", "non_profit"] = described("public (offentlig part) or non_profit (idéburen organisation).")
    name: Text = described("Name as it should be written in the agreement (partens namn).")
    short_name: Text | None = Field(None, description="Short form used in running text, e.g. 'Kvinnojouren'.")
    legal_entity: Text | None = Field(
        None, description="The legal person the party acts for (juridisk person), e.g. 'Lunds kommun'."
    )
    org_number: OrgNumber | None = Field(None, description="Organisation number (organisationsnummer) NNNNNN-NNNN.")
    address: Address | None = Field(None, description="Postal address (adress).")
    units: list[Unit] = Field(
        default_factory=new_list, description="Units that act or pay for the party (nämnder, förvaltningar)."
    )
    contacts: list[Contact] = Field(default_factory=new_list, description="Contact persons (kontaktpersoner).")
    description: Markdown | None = Field(
        None, description="Presentation of the party (Markdown), when the text has one."
    )


class Signatory(Strict):
    """A person who signs (undertecknare), with the place and date lines (possibly blank)."""

    party: Ident = described("Party id the person signs for.")
    unit: Ident | None = Field(
        None, description="Unit id, when the person signs for a unit (e.g. Socialförvaltningen)."
    )
    name: Text = described("Full name (namn).")
    title: Text | None = Field(None, description="Title (titel), e.g. 'Socialdirektör'.")
    place: Text | None = Field(None, description="Place of signing (ort); blank when the text leaves it blank.")
    date: IsoDate | None = Field(None, description="Date of signing (datum); blank until signed.")
