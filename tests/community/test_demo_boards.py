"""The demo's boards (a test about the demo: the ``demo`` fixture): their content is there
and loading it again adds nothing. How a request reaches members is tested on ``people``
(tests/community/test_boards_pages.py)."""

from community.models import LocumOffer, LocumRequest, MutualAidRequest


def test_demo_has_the_board_content_once(demo, infirmiere):
    from demo.boards import load

    assert LocumRequest.objects.filter(author=infirmiere, commune="Gignac", start__month=2).exists()
    filled = LocumRequest.objects.get(author__email="medecin@exemple.fr", commune="Lodève")
    assert filled.status == LocumRequest.Status.FILLED and filled.filled_by is not None
    assert LocumOffer.objects.open().exists()
    aid = MutualAidRequest.objects.get(commune="Lodève")
    assert "insuline" in aid.description and aid.notifications.exists()
    counts = (
        LocumRequest.objects.count(),
        LocumOffer.objects.count(),
        MutualAidRequest.objects.count(),
    )
    load()  # idempotent
    assert counts == (
        LocumRequest.objects.count(),
        LocumOffer.objects.count(),
        MutualAidRequest.objects.count(),
    )
