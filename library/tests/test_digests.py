"""The digest e-mail (python manage.py send_digests): sent only with consent, once per period,
with what is new in what each person follows; nothing new, no e-mail; twice, nothing more."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from library import digests
from library.actions import appropriation as actions
from library.bulk import NewItem, create_items
from library.models import DigestFrequency, DigestSubscription, LibraryItem, Reinvestment
from taxonomy.models import Theme

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def new_item(library, title, *, themes=(), partnerships=(), ago=HOUR, index=None):
    """A published item that appeared ``ago`` before now."""
    with transaction.atomic():
        (pk,) = create_items(
            index or library.french_index,
            [
                NewItem(
                    kind="outil",
                    title=title,
                    summary="Nouveau dans la bibliothèque.",
                    tags={
                        "themes": list(Theme.objects.filter(code__in=themes).values_list("pk", flat=True)),
                        "partnerships": [p.pk for p in partnerships],
                    },
                )
            ],
        )
    LibraryItem.objects.filter(pk=pk).update(first_published_at=timezone.now() - ago)
    return LibraryItem.objects.get(pk=pk)


def subscribe(user, frequency, last_sent_ago=None):
    subscription = actions.set_digest_frequency(user, frequency)
    if last_sent_ago is not None:
        subscription.last_sent_at = timezone.now() - last_sent_ago
        subscription.save()
    return subscription


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_digests", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def reader(network):
    """The CPE member follows the language theme and the learning."""
    return network.member


def follow_theme(user, code="langage"):
    actions.set_follow(user, Theme.objects.get(code=code), True)


# Consent ------------------------------------------------------------------------------


def test_no_consent_no_mail(library, network, reader):
    follow_theme(reader)
    new_item(library, "Jeux de mots pour les 3 ans", themes=["langage"])
    assert "0 dû(s), 0 envoyé(s)" in run()  # no subscription at all: never by default
    subscribe(reader, "daily")
    subscribe(reader, "never")  # consent withdrawn
    run()
    assert mail.outbox == []
    assert DigestSubscription.objects.get(user=reader).consented_at is None


def test_daily_digest_with_new_items_of_followed_themes_and_partnerships(library, network, reader):
    follow_theme(reader)
    actions.set_follow(reader, network.montreal, True)
    subscribe(reader, "daily")
    new_item(library, "Jeux de mots pour les 3 ans", themes=["langage"])
    new_item(library, "Bilan de la halte-garderie", partnerships=[network.montreal])
    new_item(library, "Rien à voir", themes=["developpement-moteur"])
    new_item(library, "Trop ancien", themes=["langage"], ago=3 * DAY)
    new_item(library, "Old English", themes=["langage"], index=library.english_index)
    output = run()
    assert "1 dû(s), 1 envoyé(s), 0 sans nouveauté, 0 échec(s)" in output
    (message,) = mail.outbox
    assert message.to == ["membre@cpe.qc.ca"]
    assert message.subject == "Agir tôt — vos nouveautés du jour"
    text = message.body
    assert "Jeux de mots pour les 3 ans (Outil)" in text
    assert "Thèmes suivis : Langage et communication" in text
    assert "Bilan de la halte-garderie" in text
    assert "De : Concertation petite enfance Hochelaga" in text
    assert "Rien à voir" not in text and "Trop ancien" not in text and "Old English" not in text
    assert "http://127.0.0.1:8000/bibliotheque/jeux-de-mots-pour-les-3-ans/" in text
    assert "http://127.0.0.1:8000/abonnements/" in text
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = "http://127.0.0.1:8000/bibliotheque/jeux-de-mots-pour-les-3-ans/"
    assert f'<a href="{link}">Jeux de mots pour les 3 ans</a>' in html
    assert '<html lang="fr">' in html
    subscription = DigestSubscription.objects.get(user=reader)
    assert subscription.last_sent_at is not None
    # Twice in a row: nothing more.
    assert "0 dû(s), 0 envoyé(s)" in run()
    assert len(mail.outbox) == 1


def test_comments_and_reinvestments_of_followed_items(library, network, plans, reader):
    item = library.learning
    actions.set_follow(reader, item, True)
    subscribe(reader, "weekly", last_sent_ago=8 * DAY)
    old = actions.post_comment(network.coordinator, item, "Commentaire d'avant le dernier résumé")
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - 9 * DAY)
    question = actions.post_comment(
        network.other_coordinator, item, "Quel âge pour les ateliers?", is_question=True
    )
    actions.post_comment(network.coordinator, item, "Dès 2 ans.", parent=question)
    actions.post_comment(reader, item, "Mon propre commentaire")
    hidden = actions.post_comment(network.admin, item, "Message masqué")
    actions.hide_comment(network.editor, hidden)
    actions.post_comment(network.coordinator, library.tool, "Sur un élément non suivi")
    Reinvestment.objects.create(
        source_item=item,
        action=plans.stimulation,
        partnership=network.montreal,
        adapted="Durée",
        reason="Quartier",
    )
    run("--frequency", "weekly")
    (message,) = mail.outbox
    text = message.body
    assert message.subject == "Agir tôt — vos nouveautés de la semaine"
    assert "Question de Membre d'Agir tôt sur « Ateliers parents-enfants d'éveil à la lecture »" in text
    assert "« Quel âge pour les ateliers? »" in text
    assert "Réponse de Julie Gagnon" in text and "« Dès 2 ans. »" in text
    assert "#commentaire-" in text
    assert "Concertation petite enfance Hochelaga a réinvesti « Ateliers parents-enfants" in text
    for absent in ("Commentaire d'avant", "Mon propre commentaire", "Message masqué", "non suivi", "@"):
        assert absent not in text.split("--")[0].replace("membre@cpe.qc.ca", "")


def test_periods(library, network, reader):
    follow_theme(reader)
    new_item(library, "Nouveauté", themes=["langage"], ago=HOUR)
    weekly = subscribe(reader, "weekly", last_sent_ago=2 * DAY)
    run()
    assert mail.outbox == []  # the week has not elapsed
    weekly.last_sent_at = timezone.now() - 7 * DAY + 10 * datetime.timedelta(minutes=1)
    weekly.save()
    run()
    assert len(mail.outbox) == 1  # a few minutes early is still this week's digest
    daily = subscribe(network.coordinator, "daily", last_sent_ago=20 * HOUR)
    follow_theme(network.coordinator)
    run("--frequency", "daily")
    assert len(mail.outbox) == 1
    daily.last_sent_at = timezone.now() - 26 * HOUR
    daily.save()
    run("--frequency", "weekly")
    assert len(mail.outbox) == 1  # not its frequency
    run("--frequency", "daily")
    assert [m.to for m in mail.outbox] == [["membre@cpe.qc.ca"], ["coordo@rimouski.qc.ca"]]


def test_nothing_new_sends_nothing_and_keeps_the_period_open(library, network, reader):
    follow_theme(reader)
    subscription = subscribe(reader, "daily", last_sent_ago=2 * DAY)
    before = subscription.last_sent_at
    assert "1 dû(s), 0 envoyé(s), 1 sans nouveauté" in run()
    assert mail.outbox == []
    subscription.refresh_from_db()
    assert subscription.last_sent_at == before
    # What appears later is still counted from the last digest.
    new_item(library, "Enfin du nouveau", themes=["langage"], ago=HOUR)
    run()
    assert "Enfin du nouveau" in mail.outbox[0].body


def test_dry_run_sends_and_records_nothing(library, network, reader):
    follow_theme(reader)
    subscribe(reader, "daily")
    new_item(library, "Nouveauté", themes=["langage"])
    output = run("--dry-run")
    assert "membre@cpe.qc.ca : 1 nouveauté depuis le" in output
    assert "Simulation (--dry-run) : 1 résumé(s) dû(s), 1 à envoyer" in output
    assert mail.outbox == []
    assert DigestSubscription.objects.get(user=reader).last_sent_at is None


def test_inactive_people_and_people_without_address_are_skipped(library, network, reader):
    follow_theme(reader)
    subscribe(reader, "daily")
    new_item(library, "Nouveauté", themes=["langage"])
    reader.is_active = False
    reader.save()
    run()
    assert mail.outbox == []


def test_a_failed_send_is_reported_and_retried_next_time(library, network, reader, monkeypatch):
    follow_theme(reader)
    subscribe(reader, "daily")
    new_item(library, "Nouveauté", themes=["langage"])

    def broken(self, messages):
        raise OSError("serveur de courriel injoignable")

    from django.core.mail.backends.locmem import EmailBackend

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    with pytest.raises(CommandError):
        run()
    assert DigestSubscription.objects.get(user=reader).last_sent_at is None
    monkeypatch.undo()
    run()
    assert len(mail.outbox) == 1


def test_bad_frequency_is_refused():
    with pytest.raises(CommandError):
        call_command("send_digests", "--frequency", "hourly", stdout=io.StringIO(), stderr=io.StringIO())


def test_queries_do_not_grow_with_people(library, network, make_user, django_assert_max_num_queries):
    theme = Theme.objects.get(code="langage")
    item = library.learning

    def people(n):
        for _i in range(n):
            person = make_user(first_name="Lise", last_name="Tremblay")
            actions.set_follow(person, theme, True)
            actions.set_follow(person, item, True)
            actions.set_follow(person, network.rimouski, True)
            actions.set_digest_frequency(person, DigestFrequency.DAILY)
            actions.post_comment(person, item, f"Question de {person.email}")

    new_item(library, "Nouveauté A", themes=["langage"], partnerships=[network.rimouski])
    people(2)
    with django_assert_max_num_queries(30) as small:
        summary = digests.send_digests()
    assert summary.sent == 2
    DigestSubscription.objects.update(last_sent_at=None)
    people(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        summary = digests.send_digests()
    assert summary.sent == 22
    # Each person hears about the others' comments, not their own.
    last = mail.outbox[-1]
    assert last.body.count("Commentaire de Lise Tremblay") == 20


def test_progress_bar_moves_once_per_person(library, network, reader):
    follow_theme(reader)
    subscribe(reader, "daily")
    subscribe(network.coordinator, "daily")
    moves = []

    class Bar:
        def __init__(self, total):
            moves.append(("total", total))

        def update(self, n=1):
            moves.append(("update", n))

        def close(self):
            moves.append(("close", None))

    digests.send_digests(progress=Bar)
    assert moves == [("total", 2), ("update", 1), ("update", 1), ("close", None)]
