"""Redraw a flag's card in the managers' chat from what the database holds now."""

from __future__ import annotations

import logging

from sqlalchemy import select

from handlers.deps import Deps
from handlers.ports import DeliveryError
from storage import flags as flag_store
from storage.models import FlagRow

log = logging.getLogger(__name__)


async def refresh_card(deps: Deps, flag_id: int) -> None:
    """Edit the card to its flag's current state. A card still being sent has no message id
    yet: the courier redraws it after recording the id (Intake.deliver_cards)."""
    async with deps.sessions() as session:
        card = await flag_store.load_card(session, flag_id)
        message_id = await session.scalar(
            select(FlagRow.card_message_id).where(FlagRow.id == flag_id)
        )
    if card is None or message_id is None or message_id <= 0:
        return  # no card shown yet (being sent or parked): it will show the new status
    community = deps.communities[card.community]
    try:
        await deps.desk.update_card(community, message_id, card)
    except DeliveryError as exc:
        log.warning("card %s not updated: %s", flag_id, exc.reason)
