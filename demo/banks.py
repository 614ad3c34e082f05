# ruff: noqa: E501 - one phrase per line: wrapping would cut sentences in two.
"""Phrase banks for the demo library: one vocabulary per theme, in Québec French.

`library.demo` composes titles, summaries, bodies and the sections of learnings from
these banks with a seeded random generator. Each theme has its own words (reading and
picture books, speech and nursery rhymes, breastfeeding, fathers, parks…) so that a
search for one subject brings back that theme's items and not the others'.

Placeholders: ``{n}`` a count of people or things (25 to 480), ``{k}`` a small count
(3 to 24), ``{pct}`` a percentage. Subjects, tools and research topics carry their
English version after `` | `` for the few English items.
"""

from __future__ import annotations

from dataclasses import dataclass


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for line in _lines(text):
        french, _bar, english = line.partition(" | ")
        pairs.append((french.strip(), english.strip()))
    return tuple(pairs)


@dataclass(frozen=True)
class ThemeBank:
    """What the demo knows about one theme: its tags and its words."""

    code: str
    weight: int
    systems: tuple[str, ...]
    factors: tuple[str, ...]
    ages: tuple[str, ...]
    #: Populations always named by this theme's items, then those sometimes named.
    populations: tuple[str, ...]
    action_types: tuple[str, ...]
    #: Sectors of the organisations that usually write about it.
    sectors: tuple[str, ...]
    related: tuple[str, ...]
    #: Noun phrases with their article (« les sacs de lecture voyageurs »), French | English.
    subjects: tuple[tuple[str, str], ...]
    places: tuple[str, ...]
    goals: tuple[str, ...]
    needs: tuple[str, ...]
    activities: tuple[str, ...]
    results: tuple[str, ...]
    conditions: tuple[str, ...]
    challenges: tuple[str, ...]
    advice: tuple[str, ...]
    #: Short lessons for titles (« miser sur le plaisir avant tout »).
    lessons: tuple[str, ...]
    tools: tuple[tuple[str, str], ...]
    research: tuple[tuple[str, str], ...]
    dossiers: tuple[str, ...]
    questions: tuple[str, ...]
    comments: tuple[str, ...]
    #: A few English sentences for the English items.
    english: tuple[str, ...]


def _bank(code: str, weight: int, **fields: str) -> ThemeBank:
    values: dict = {"code": code, "weight": weight}
    for name, text in fields.items():
        if name in ("subjects", "tools", "research"):
            values[name] = _pairs(text)
        elif name in ("systems", "factors", "ages", "populations", "action_types", "sectors", "related"):
            values[name] = tuple(text.split())
        else:
            values[name] = _lines(text)
    return ThemeBank(**values)


THEMES: tuple[ThemeBank, ...] = (
    _bank(
        "eveil-lecture-ecriture",
        12,
        systems="famille enfant",
        factors="pratiques-parentales habiletes-langagieres attitudes-parentales",
        ages="0-1 1-2 2-3 3-4 4-5",
        populations="",
        action_types="activites-enfants soutien-parental sensibilisation environnements-favorables",
        sectors="bibliotheques-culture services-de-garde communautaire-famille",
        related="langage transition-scolaire",
        subjects="""
            l'heure du conte en pyjama | bedtime story hour in pyjamas
            les sacs de lecture voyageurs | travelling book bags
            le club des bébés-lecteurs | the baby readers club
            les croque-livres du quartier | the neighbourhood free book boxes
            les ateliers d'éveil à l'écriture | early writing workshops
            la lecture partagée en service de garde | shared reading in childcare
            les trousses de lecture offertes aux nouveau-nés | reading kits for newborns
            la bibliothèque mobile dans les parcs | the mobile library in the parks
            les lectures animées à la halte-garderie | read-aloud sessions at the drop-in daycare
            le coin lecture des salles d'attente | the reading corner in waiting rooms
            les albums sans texte racontés en famille | wordless picture books told as a family
            les livres faits maison avec les parents | homemade books written with parents
        """,
        places="""
            à la bibliothèque municipale
            au CPE
            à la halte-garderie
            dans les parcs
            à la maison de la famille
            dans la salle d'attente du CLSC
            à la joujouthèque
        """,
        goals="""
            donner le goût des livres aux tout-petits avant l'entrée à l'école
            faire de la lecture un moment de plaisir en famille
            rapprocher les familles de la bibliothèque municipale
            soutenir les parents peu à l'aise avec l'écrit
        """,
        needs="""
            Plusieurs parents nous disaient ne pas avoir de livres pour enfants à la maison.
            Peu de familles avec de jeunes enfants étaient abonnées à la bibliothèque municipale.
            Les éducatrices observaient que plusieurs enfants de quatre ans manipulaient rarement des livres.
            Certains parents, eux-mêmes peu à l'aise avec la lecture, n'osaient pas lire à voix haute.
        """,
        activities="""
            Une animatrice lit un album à voix haute, puis chaque enfant choisit un livre à rapporter à la maison.
            Chaque famille reçoit un sac contenant trois albums, une comptine et un petit carnet à dessins.
            Les parents apprennent à lire en posant des questions et en laissant l'enfant tourner les pages.
            Les enfants gribouillent, tracent des lettres et dictent leurs premières histoires à l'adulte.
            Les livres circulent d'une famille à l'autre pendant toute l'année scolaire.
            L'abonnement à la bibliothèque se fait sur place, gratuitement et sans preuve de résidence.
        """,
        results="""
            Le nombre d'abonnements de familles à la bibliothèque a augmenté de {pct} en deux ans.
            Plus de {n} albums ont été prêtés aux familles pendant l'année.
            {pct} des parents disent lire plus souvent une histoire à leur enfant.
            Les éducatrices remarquent que les enfants réclament maintenant leur période de lecture.
        """,
        conditions="""
            Une bibliothécaire dédiée aux tout-petits, présente à chaque séance.
            Des albums de qualité en quantité suffisante, renouvelés souvent.
            Une approche sans jugement envers les parents qui lisent peu.
            Des horaires qui respectent la routine de sieste des plus jeunes.
        """,
        challenges="""
            Les livres abîmés ou perdus ont exigé un budget de remplacement.
            Rejoindre les familles qui ne fréquentent aucun service demeure difficile.
            Les séances du samedi attiraient surtout des familles déjà convaincues.
        """,
        advice="""
            Commencez petit : une séance par mois suffit pour créer l'habitude.
            Laissez les enfants choisir leurs livres, même s'ils reprennent toujours le même album.
            Offrez une collation : les familles restent plus longtemps et échangent entre elles.
            Prévoyez des albums dans les langues parlées à la maison.
        """,
        lessons="""
            le plaisir de lire avant tout
            un livre dans chaque maison
            lire à voix haute sans gêne
        """,
        tools="""
            Guide d'animation de l'heure du conte | Story time facilitation guide
            Répertoire d'albums pour les 0 à 5 ans | Picture book list for ages 0 to 5
            Aide-mémoire « Lire avec mon bébé » | "Reading with my baby" tip sheet
            Gabarit du sac de lecture voyageur | Travelling book bag template
            Calendrier de lecture en famille | Family reading calendar
        """,
        research="""
            l'éveil à la lecture et à l'écriture de la naissance à cinq ans | early literacy from birth to age five
            la lecture interactive et le vocabulaire des tout-petits | interactive reading and toddlers' vocabulary
            le rapport à l'écrit des parents peu scolarisés | the relationship to print of parents with little schooling
        """,
        dossiers="""
            L'éveil à la lecture, de la naissance à la maternelle
            Lire en famille : des idées qui ont fait leurs preuves
            Bibliothèques et petite enfance
        """,
        questions="""
            Comment avez-vous financé l'achat des albums?
            Les sacs de lecture revenaient-ils en bon état?
            La bibliothèque exigeait-elle une preuve de résidence pour l'abonnement?
        """,
        comments="""
            Nous avons essayé l'heure du conte en pyjama chez nous : un beau succès, même auprès des papas!
            Merci! Le répertoire d'albums va beaucoup servir à nos éducatrices.
            Belle idée de prêter des albums dans les langues parlées à la maison.
        """,
        english="""
            Families borrow picture books and read them together at home.
            A librarian reads aloud to toddlers and their parents every week.
            More parents now read a story to their child several times a week.
        """,
    ),
    _bank(
        "langage",
        11,
        systems="enfant famille",
        factors="habiletes-langagieres pratiques-parentales qualite-services-milieux",
        ages="1-2 2-3 3-4 4-5",
        populations="besoins-particuliers",
        action_types="activites-enfants formation sensibilisation",
        sectors="sante-services-sociaux services-de-garde communautaire-famille",
        related="eveil-lecture-ecriture socioaffectif",
        subjects="""
            les ateliers de stimulation du langage | language stimulation workshops
            les comptines et jeux de mots en halte-garderie | nursery rhymes and word games at the drop-in daycare
            le dépistage précoce des retards de langage | early screening for language delays
            les capsules vidéo « Parle-moi » pour les parents | "Talk to me" video clips for parents
            les groupes de langage animés avec une orthophoniste | language groups led with a speech therapist
            les imagiers et jeux de vocabulaire | picture dictionaries and vocabulary games
            la trousse « Jaser avec mon enfant » | the "Chatting with my child" kit
            le bain de langage au quotidien en CPE | language-rich daily routines in childcare
            les causeries du matin | morning talk circles
            les marionnettes qui font parler | puppets that get children talking
        """,
        places="""
            au CPE
            au CLSC
            à la halte-garderie
            en milieu familial
            à la maison de la famille
            au centre communautaire
        """,
        goals="""
            enrichir le vocabulaire des tout-petits
            repérer tôt les enfants qui ont besoin d'un suivi en orthophonie
            outiller les parents pour parler davantage avec leur enfant
            réduire l'attente pour les services en orthophonie
        """,
        needs="""
            La liste d'attente en orthophonie au CLSC dépassait dix-huit mois.
            Les éducatrices observaient des retards de langage chez plusieurs enfants de trois ans.
            Les résultats de l'EQDEM montraient une proportion élevée d'enfants vulnérables en communication.
            Des parents ne savaient pas quand s'inquiéter du langage de leur enfant.
        """,
        activities="""
            L'orthophoniste anime des jeux de mots, de sons et de rimes en petits groupes.
            Les parents apprennent à décrire ce que fait l'enfant, à reformuler et à allonger ses phrases.
            Les éducatrices utilisent des imagiers et des pictogrammes pendant les routines.
            Chaque semaine, une nouvelle comptine est chantée au CPE et envoyée aux familles.
            Une grille d'observation permet de repérer les enfants qui ont besoin d'une évaluation en orthophonie.
        """,
        results="""
            {pct} des enfants suivis ont progressé d'au moins un niveau à la grille d'observation du langage.
            Le délai avant une première consultation en orthophonie est passé de dix-huit à six mois.
            Plus de {n} parents ont participé aux ateliers de stimulation du langage.
            Les éducatrices disent mieux reconnaître les signes d'un retard de langage.
        """,
        conditions="""
            La collaboration étroite avec l'orthophoniste du CLSC.
            Des activités courtes, ludiques et répétées souvent.
            Des consignes simples remises aux parents, illustrées et traduites.
        """,
        challenges="""
            Le roulement des éducatrices oblige à reprendre la formation chaque année.
            Le manque d'orthophonistes en région limite le nombre de groupes.
            Certains parents ont eu peur qu'on colle une étiquette à leur enfant.
        """,
        advice="""
            Misez sur les routines : le bain, le repas et l'habillage sont autant d'occasions de jaser.
            Présentez le dépistage comme un coup de pouce, pas comme un diagnostic.
            Formez un duo éducatrice-orthophoniste dans chaque milieu.
        """,
        lessons="""
            chaque routine est une occasion de jaser
            dépister tôt sans inquiéter
            un duo éducatrice-orthophoniste
        """,
        tools="""
            Grille d'observation du langage de 2 à 5 ans | Language observation grid for ages 2 to 5
            Jeux de sons et de rimes à imprimer | Printable sound and rhyme games
            Aide-mémoire « Les étapes du langage » | "Language milestones" tip sheet
            Imagier des routines du quotidien | Picture dictionary of daily routines
            Trousse « Jaser avec mon enfant » | "Chatting with my child" kit
        """,
        research="""
            le développement du langage chez les enfants de 0 à 5 ans | language development in children aged 0 to 5
            l'efficacité des interventions précoces en orthophonie | the effectiveness of early speech therapy
            le bilinguisme chez les tout-petits | bilingualism in young children
        """,
        dossiers="""
            Stimuler le langage au quotidien
            Retards de langage : agir tôt avec les orthophonistes
            Comptines, jeux de mots et causeries
        """,
        questions="""
            Combien de séances faut-il avec l'orthophoniste pour voir une différence?
            La grille d'observation est-elle utilisable par les éducatrices en milieu familial?
            Avez-vous traduit les consignes pour les parents allophones?
        """,
        comments="""
            Nos éducatrices utilisent maintenant les comptines tous les matins, merci pour l'idée!
            Le duo éducatrice-orthophoniste a fait toute la différence chez nous aussi.
            Très clair, nous allons présenter cette fiche à notre comité langage.
        """,
        english="""
            A speech therapist leads word, sound and rhyme games with small groups of children.
            Parents learn to describe, repeat and expand what their child says.
            Waiting times for a first speech therapy appointment fell sharply.
        """,
    ),
    _bank(
        "saines-habitudes",
        7,
        systems="enfant famille",
        factors="sante-physique pratiques-parentales",
        ages="1-2 2-3 3-4 4-5",
        populations="",
        action_types="activites-enfants sensibilisation formation",
        sectors="sante-services-sociaux services-de-garde communautaire-famille",
        related="developpement-moteur defavorisation",
        subjects="""
            les ateliers de collations santé | healthy snack workshops
            les cuisines « petits chefs » | little chefs' kitchens
            le jardin pédagogique du CPE | the childcare centre's teaching garden
            la routine du dodo et le sommeil des tout-petits | bedtime routines and toddlers' sleep
            les défis « moins d'écrans, plus de jeux » | "less screens, more play" challenges
            les menus équilibrés en service de garde | balanced menus in childcare
            les ateliers d'hygiène dentaire | dental hygiene workshops
            l'eau comme boisson de choix | water as the drink of choice
            les paniers de fruits et légumes à prix modique | low-cost fruit and vegetable baskets
            la découverte des aliments par les cinq sens | discovering food with the five senses
        """,
        places="""
            au CPE
            au centre communautaire
            au jardin communautaire
            au marché public
            à la maison de la famille
        """,
        goals="""
            faire découvrir de nouveaux aliments aux tout-petits
            réduire le temps d'écran avant cinq ans
            soutenir les parents dans la routine du sommeil
            améliorer la qualité des repas servis en service de garde
        """,
        needs="""
            Des parents rapportaient des difficultés à l'heure du coucher et des réveils fréquents la nuit.
            Les éducatrices voyaient beaucoup de boissons sucrées dans les boîtes à lunch.
            Le temps d'écran des enfants de deux à cinq ans dépassait largement les recommandations.
            Plusieurs familles avaient difficilement accès à des fruits et légumes frais.
        """,
        activities="""
            Les enfants goûtent, sentent et touchent un nouvel aliment chaque semaine.
            Une nutritionniste accompagne les responsables de l'alimentation pour revoir les menus.
            Les parents repartent avec une recette simple et les ingrédients pour la refaire à la maison.
            Les familles relèvent ensemble un défi d'une semaine sans écran le soir.
            Une hygiéniste dentaire montre aux enfants comment se brosser les dents en chantant.
        """,
        results="""
            {pct} des familles participantes ont réduit le temps d'écran à la maison.
            Les menus de {k} services de garde ont été revus avec la nutritionniste.
            Les éducatrices constatent que les enfants acceptent plus facilement de goûter aux légumes.
            {pct} des parents disent que l'heure du coucher est devenue plus calme.
        """,
        conditions="""
            Un message positif, centré sur le plaisir de manger plutôt que sur les interdits.
            L'implication des cuisinières et des responsables de l'alimentation.
            Des ingrédients fournis gratuitement aux familles.
        """,
        challenges="""
            Le coût des aliments frais a augmenté pendant le projet.
            Changer les habitudes d'écran demande du temps et beaucoup de constance.
            Les allergies alimentaires compliquent les dégustations en groupe.
        """,
        advice="""
            Associez les enfants à la préparation : ils goûtent plus volontiers ce qu'ils ont cuisiné.
            Évitez les messages culpabilisants sur les écrans.
            Proposez des recettes de cinq ingrédients ou moins.
        """,
        lessons="""
            le plaisir de goûter plutôt que les interdits
            moins d'écrans sans culpabiliser
            une routine du dodo qui apaise
        """,
        tools="""
            Fiches de recettes pour petits chefs | Recipe cards for little chefs
            Calendrier « Une semaine sans écran » | "One week without screens" calendar
            Guide des collations santé en service de garde | Healthy snacks guide for childcare
            Aide-mémoire sur le sommeil des tout-petits | Toddler sleep tip sheet
            Grille d'évaluation des menus | Menu assessment grid
        """,
        research="""
            l'alimentation des enfants d'âge préscolaire | the diet of preschool children
            le temps d'écran et le développement des tout-petits | screen time and early development
            le sommeil de la naissance à cinq ans | sleep from birth to age five
        """,
        dossiers="""
            Bien manger dès la petite enfance
            Écrans et tout-petits : des repères pour les familles
            Le sommeil des tout-petits
        """,
        questions="""
            Comment gérez-vous les allergies pendant les dégustations?
            Avez-vous un exemple de menu revu avec la nutritionniste?
            Le défi sans écran a-t-il été difficile pour les familles?
        """,
        comments="""
            Les fiches de recettes sont parfaites pour nos ateliers du mercredi.
            Bravo pour l'approche sans culpabilité, c'est ce qui fonctionne avec nos familles.
            Nous avons ajouté un potager au CPE l'été dernier grâce à cette fiche.
        """,
        english="""
            Children taste, smell and touch a new food every week.
            A nutritionist helps childcare cooks review their menus.
            Families take up a one-week challenge without screens in the evening.
        """,
    ),
    _bank(
        "developpement-moteur",
        7,
        systems="enfant",
        factors="sante-physique competences-sociales-affectives",
        ages="1-2 2-3 3-4 4-5",
        populations="",
        action_types="activites-enfants formation environnements-favorables",
        sectors="services-de-garde municipal communautaire-famille",
        related="saines-habitudes environnements-favorables",
        subjects="""
            les ateliers de psychomotricité | psychomotor skills workshops
            les parcours moteurs au gymnase de l'école | motor skills courses in the school gym
            le jeu actif extérieur en toute saison | active outdoor play in every season
            la motricité fine avec pâte à modeler et ciseaux | fine motor skills with play dough and scissors
            les bacs de jeu libre dans les parcs | free play bins in the parks
            les sorties en raquettes avec les tout-petits | snowshoe outings with toddlers
            les matinées « Bouge avec moi » parents-enfants | "Move with me" parent-child mornings
            les modules de grimpe en service de garde | climbing structures in childcare
            le vélo sans pédales dans la ruelle | balance bikes in the laneway
            la danse et l'expression corporelle | dance and body expression
        """,
        places="""
            au gymnase de l'école
            dans les parcs
            au CPE
            au centre sportif municipal
            dans la cour du service de garde
        """,
        goals="""
            développer la motricité globale et l'équilibre des tout-petits
            donner aux enfants le plaisir de bouger tous les jours
            outiller les éducatrices pour le jeu actif
            renforcer la motricité fine avant l'entrée à l'école
        """,
        needs="""
            Les éducatrices remarquaient des enfants maladroits, qui tombaient souvent et évitaient les jeux de grimpe.
            Les enfants passaient peu de temps dehors pendant l'hiver.
            Les enseignantes de maternelle signalaient des difficultés à tenir un crayon ou à utiliser des ciseaux.
            Les résultats de l'EQDEM en santé physique et bien-être étaient sous la moyenne régionale.
        """,
        activities="""
            Une kinésiologue installe un parcours : ramper, sauter, grimper, garder l'équilibre sur une poutre.
            Les enfants jouent dehors au moins une heure par jour, beau temps, mauvais temps.
            Les parents découvrent des jeux actifs à reproduire au salon avec trois fois rien.
            Les ateliers de motricité fine utilisent la pâte à modeler, les pinces et le découpage.
            Du matériel de jeu libre (ballons, cerceaux, cordes à danser) est prêté aux familles.
        """,
        results="""
            {pct} des enfants ont amélioré leur équilibre et leur coordination pendant l'année.
            Le temps de jeu actif à l'extérieur a doublé dans les {k} milieux participants.
            Les éducatrices se sentent plus à l'aise de laisser les enfants prendre des risques mesurés.
            Les enseignantes observent une meilleure tenue du crayon à la rentrée.
        """,
        conditions="""
            Du matériel simple, solide et rangé à portée de main.
            L'appui de la kinésiologue pendant les premières semaines.
            Des vêtements de rechange et des bottes pour sortir en toute saison.
        """,
        challenges="""
            La peur des blessures freinait certains parents et certaines éducatrices.
            Le gymnase de l'école n'était pas toujours disponible.
            Le froid de l'hiver réduit la participation aux activités extérieures.
        """,
        advice="""
            Parlez de prise de risque mesurée plutôt que de danger.
            Planifiez les sorties extérieures comme une routine, pas comme une récompense.
            Partez de ce que les enfants aiment : courir, grimper, se cacher.
        """,
        lessons="""
            bouger dehors en toute saison
            oser le jeu risqué
            grimper, ramper, sauter
        """,
        tools="""
            Fiches de parcours moteurs pour les 2 à 5 ans | Motor course cards for ages 2 to 5
            Grille d'observation de la motricité globale | Gross motor skills observation grid
            Répertoire de jeux actifs à faire au salon | Active games to play in the living room
            Guide du jeu extérieur en toute saison | Guide to outdoor play in every season
            Trousse de motricité fine | Fine motor skills kit
        """,
        research="""
            le développement moteur des enfants d'âge préscolaire | motor development of preschool children
            le jeu actif et le jeu risqué chez les tout-petits | active and risky play in young children
            l'activité physique en service de garde éducatif | physical activity in educational childcare
        """,
        dossiers="""
            Bouger dès la petite enfance
            Le jeu extérieur en toute saison
            Motricité fine et entrée à l'école
        """,
        questions="""
            Quel matériel de parcours recommandez-vous pour un petit budget?
            Comment avez-vous rassuré les parents inquiets des blessures?
            La kinésiologue venait-elle chaque semaine?
        """,
        comments="""
            Les fiches de parcours sont super, nos enfants les réclament!
            Nous sortons maintenant tous les jours, même en janvier : merci pour l'inspiration.
            Le prêt de matériel aux familles est une excellente idée.
        """,
        english="""
            A kinesiologist sets up courses where children crawl, jump, climb and balance.
            Children play outdoors at least one hour a day, whatever the weather.
            Educators feel more comfortable letting children take measured risks.
        """,
    ),
    _bank(
        "socioaffectif",
        8,
        systems="enfant",
        factors="competences-sociales-affectives qualite-services-milieux",
        ages="2-3 3-4 4-5",
        populations="besoins-particuliers",
        action_types="activites-enfants formation",
        sectors="services-de-garde sante-services-sociaux communautaire-famille",
        related="transition-scolaire langage",
        subjects="""
            les ateliers sur les émotions avec des marionnettes | emotions workshops with puppets
            le coin calme en service de garde | the calm corner in childcare
            les jeux coopératifs pour apprendre à partager | cooperative games to learn to share
            l'approche axée sur l'attachement en milieu familial | attachment-based practice in home childcare
            les histoires pour nommer la colère et la peur | stories to name anger and fear
            les cercles de l'amitié | friendship circles
            la résolution de conflits par le jeu symbolique | solving conflicts through pretend play
            l'accompagnement des enfants anxieux | support for anxious children
            la météo des émotions au quotidien | the daily emotions weather report
        """,
        places="""
            au CPE
            en milieu familial
            à la halte-garderie
            en maternelle quatre ans
        """,
        goals="""
            aider les tout-petits à reconnaître et à nommer leurs émotions
            prévenir les comportements agressifs
            renforcer l'estime de soi des enfants
            soutenir les éducatrices devant les crises
        """,
        needs="""
            Les éducatrices se disaient démunies devant les crises de colère répétées.
            L'EQDEM montrait une hausse des enfants vulnérables sur le plan de la maturité affective.
            Plusieurs enfants avaient de la difficulté à jouer avec les autres et à attendre leur tour.
            Des parents s'inquiétaient de l'anxiété de leur enfant.
        """,
        activities="""
            Chaque matin, les enfants indiquent leur météo intérieure avec un pictogramme.
            Des marionnettes mettent en scène un conflit et les enfants proposent des solutions.
            Un coin calme, avec coussins et objets sensoriels, permet à l'enfant de se déposer.
            Les éducatrices nomment les émotions des enfants et valident ce qu'ils ressentent.
            Les jeux coopératifs remplacent peu à peu les jeux de compétition.
        """,
        results="""
            Les éducatrices rapportent {pct} moins de conflits pendant les jeux libres.
            Les enfants utilisent spontanément les mots fâché, triste et déçu.
            {k} éducatrices ont aménagé un coin calme dans leur local.
            Les parents disent mieux comprendre les crises de leur enfant.
        """,
        conditions="""
            Un vocabulaire des émotions commun au service de garde et à la maison.
            Le soutien d'une psychoéducatrice pour les situations difficiles.
            La constance : les mêmes rituels tous les jours.
        """,
        challenges="""
            Certains parents voyaient le coin calme comme une punition.
            Le manque de temps pour se concerter entre éducatrices.
            Les groupes nombreux rendent l'accompagnement individuel difficile.
        """,
        advice="""
            Présentez le coin calme aux parents avant de l'aménager.
            Accueillez l'émotion avant de corriger le comportement.
            Prévoyez du temps de soutien pour les éducatrices, pas seulement une formation.
        """,
        lessons="""
            accueillir l'émotion avant le comportement
            un coin calme qui n'est pas une punition
            apprendre à jouer ensemble
        """,
        tools="""
            Affiche « La météo des émotions » | "Emotions weather report" poster
            Guide d'aménagement d'un coin calme | Guide to setting up a calm corner
            Histoires à raconter pour nommer les émotions | Stories for naming emotions
            Jeux coopératifs pour les 3 à 5 ans | Cooperative games for ages 3 to 5
            Grille d'observation des habiletés sociales | Social skills observation grid
        """,
        research="""
            la maturité affective et les compétences sociales à la maternelle | emotional maturity and social skills in kindergarten
            l'attachement et la régulation des émotions | attachment and emotional regulation
            l'anxiété chez les enfants d'âge préscolaire | anxiety in preschool children
        """,
        dossiers="""
            Les émotions des tout-petits
            Prévenir les conflits par le jeu
            Attachement et sécurité affective
        """,
        questions="""
            Quels objets sensoriels mettez-vous dans le coin calme?
            Comment avez-vous présenté la météo des émotions aux parents?
            La psychoéducatrice intervenait-elle directement auprès des enfants?
        """,
        comments="""
            Nous avons adopté la météo des émotions : les enfants adorent!
            Merci pour les histoires, elles tombent à point avec notre groupe de quatre ans.
            Le conseil de présenter le coin calme aux parents d'abord est précieux.
        """,
        english="""
            Every morning, children show how they feel with a weather pictogram.
            Puppets act out a conflict and the children suggest solutions.
            Educators report fewer conflicts during free play.
        """,
    ),
    _bank(
        "parentalite",
        10,
        systems="famille",
        factors="attitudes-parentales pratiques-parentales soutien-social-environnements",
        ages="0-1 1-2 2-3 3-4 4-5",
        populations="jeunes-parents defavorisation",
        action_types="soutien-parental sensibilisation",
        sectors="communautaire-famille sante-services-sociaux",
        related="engagement-peres perinatalite",
        subjects="""
            les cafés-rencontres pour parents | parents' coffee mornings
            les ateliers parents-enfants « Jouer pour grandir » | "Play to grow" parent-child workshops
            les groupes de soutien à la discipline positive | positive discipline support groups
            le répit parental en halte-garderie | parental respite at the drop-in daycare
            les visites à domicile d'une intervenante famille | home visits by a family worker
            les soirées thématiques sur les routines | evening talks on daily routines
            le parrainage entre familles | family-to-family mentoring
            les ateliers sur les crises et le « non » des deux ans | workshops on tantrums and the terrible twos
        """,
        places="""
            à la maison de la famille
            au local communautaire
            au CLSC
            à domicile
            à la bibliothèque
        """,
        goals="""
            renforcer le sentiment de compétence des parents
            briser l'isolement des nouveaux parents
            offrir du répit aux familles épuisées
            outiller les parents devant les crises et les routines
        """,
        needs="""
            Beaucoup de parents se disaient seuls et épuisés, sans famille à proximité.
            Les intervenantes recevaient de nombreuses demandes sur la discipline et les crises.
            Le sentiment de compétence parentale était bas dans le sondage mené auprès des familles.
            Les jeunes familles arrivées récemment dans la municipalité ne connaissaient personne.
        """,
        activities="""
            Les parents échangent autour d'un café pendant que les enfants jouent à côté avec une éducatrice.
            Chaque rencontre aborde un thème choisi par les parents : sommeil, crises, fratrie, routines.
            Une intervenante famille visite les parents à domicile toutes les deux semaines.
            Des familles plus expérimentées parrainent les nouveaux parents.
            La halte-garderie offre quelques heures de répit par semaine, sans frais.
        """,
        results="""
            {pct} des parents disent se sentir plus compétents dans leur rôle.
            {n} familles ont profité du répit en halte-garderie pendant l'année.
            Des parents ont formé un groupe d'entraide qui se réunit maintenant sans intervenante.
            Les demandes d'aide arrivent plus tôt, avant que la situation devienne une crise.
        """,
        conditions="""
            Un accueil chaleureux et sans jugement.
            Une halte-garderie sur place pendant les rencontres.
            Des thèmes choisis par les parents eux-mêmes.
        """,
        challenges="""
            Les parents qui en auraient le plus besoin sont souvent ceux qu'on voit le moins.
            Maintenir la participation pendant l'été.
            Le financement du répit est à renouveler chaque année.
        """,
        advice="""
            Laissez les parents être les experts de leur enfant.
            Proposez des horaires variés, dont le soir et la fin de semaine.
            Misez sur le bouche-à-oreille entre parents pour recruter.
        """,
        lessons="""
            les parents, experts de leur enfant
            du répit pour souffler
            briser l'isolement autour d'un café
        """,
        tools="""
            Guide d'animation des cafés-rencontres | Coffee morning facilitation guide
            Fiches « Routines du matin et du soir » | "Morning and evening routines" cards
            Aide-mémoire sur la discipline positive | Positive discipline tip sheet
            Questionnaire sur le sentiment de compétence parentale | Parental self-efficacy questionnaire
            Trousse d'accueil des nouveaux parents | Welcome kit for new parents
        """,
        research="""
            le sentiment de compétence parentale | parental self-efficacy
            le soutien social des parents de jeunes enfants | social support for parents of young children
            l'efficacité des programmes de visites à domicile | the effectiveness of home visiting programmes
        """,
        dossiers="""
            Soutenir les parents sans les juger
            Répit et entraide pour les familles
            Routines, crises et discipline positive
        """,
        questions="""
            Combien de parents participaient en moyenne aux cafés-rencontres?
            Comment recrutez-vous les familles parrains?
            Le répit était-il offert aux familles sans référence du CLSC?
        """,
        comments="""
            Nos cafés-rencontres ressemblent beaucoup aux vôtres, merci pour les idées de thèmes!
            Le parrainage entre familles est une piste que nous allons explorer.
            Très inspirant, surtout la place laissée aux parents dans le choix des thèmes.
        """,
        english="""
            Parents chat over coffee while their children play nearby with an educator.
            A family worker visits parents at home every two weeks.
            More parents say they feel confident in their role.
        """,
    ),
    _bank(
        "transition-scolaire",
        8,
        systems="communaute enfant",
        factors="accessibilite-continuite competences-sociales-affectives habiletes-cognitives",
        ages="4-5 transition-scolaire",
        populations="",
        action_types="transition-scolaire concertation",
        sectors="education services-de-garde",
        related="socioaffectif acces-services",
        subjects="""
            les visites de l'école pour les futurs élèves | school visits for future pupils
            le camp préparatoire à la maternelle | the kindergarten readiness camp
            le portrait de l'enfant transmis à l'école | the child's profile passed on to the school
            les rencontres d'information pour les parents des futurs élèves | information meetings for parents of future pupils
            le jumelage entre le CPE et l'école du quartier | pairing the childcare centre with the local school
            la rentrée progressive à la maternelle | gradual start in kindergarten
            le sac à dos « Je m'en vais à la maternelle » | the "I'm going to kindergarten" backpack
            les activités estivales pour les enfants sans service de garde | summer activities for children without childcare
            l'accueil des parents le jour de la rentrée | welcoming parents on the first day of school
        """,
        places="""
            à l'école primaire
            au CPE
            en classe de maternelle
            au service de garde scolaire
        """,
        goals="""
            rendre la première rentrée scolaire plus douce
            créer un lien de confiance entre les parents et l'école
            transmettre à l'enseignante ce qui aide l'enfant
            rejoindre les enfants qui n'ont fréquenté aucun service de garde
        """,
        needs="""
            Plusieurs enfants arrivaient à la maternelle sans jamais avoir fréquenté de service de garde.
            Les enseignantes de maternelle recevaient peu d'information sur les besoins des enfants.
            Des parents gardaient un mauvais souvenir de l'école et appréhendaient la rentrée.
            Les inscriptions tardives empêchaient de préparer l'accueil des élèves.
        """,
        activities="""
            Au printemps, les enfants visitent leur future classe, la cour d'école et le service de garde scolaire.
            L'éducatrice et le parent remplissent ensemble un portrait de l'enfant, remis à l'enseignante.
            Pendant l'été, un camp de deux semaines recrée la routine d'une journée de maternelle.
            Les parents rencontrent l'enseignante et la direction avant la rentrée.
            Chaque enfant reçoit un sac à dos avec un livre sur l'entrée à l'école et du matériel scolaire.
        """,
        results="""
            {pct} des enfants inscrits à la maternelle ont participé à au moins une activité de transition.
            Les enseignantes disent connaître les besoins des élèves dès la première semaine.
            {n} portraits d'enfants ont été transmis aux écoles avec l'accord des parents.
            Les pleurs de la rentrée ont nettement diminué selon les enseignantes.
        """,
        conditions="""
            Une entente claire entre le centre de services scolaire et les services de garde.
            Le consentement des parents à chaque étape.
            Un calendrier de transition connu de tous dès l'hiver.
        """,
        challenges="""
            Joindre les familles qui inscrivent leur enfant à la dernière minute.
            Le portrait de l'enfant doit rester court pour être lu.
            Les changements de direction d'école ralentissent les ententes.
        """,
        advice="""
            Commencez la transition dès l'automne précédent, pas en juin.
            Invitez les parents dans l'école avant leur enfant.
            Faites remplir le portrait de l'enfant par le parent et l'éducatrice ensemble.
        """,
        lessons="""
            une rentrée préparée dès l'automne
            les parents d'abord à l'école
            un pont entre le CPE et la classe
        """,
        tools="""
            Portrait de l'enfant pour la transition vers la maternelle | Child profile for the transition to kindergarten
            Calendrier de transition scolaire | School transition calendar
            Guide des parents pour la première rentrée | Parents' guide to the first day of school
            Album photo « Ma future école » | "My future school" photo album
            Entente type entre services de garde et écoles | Model agreement between childcare and schools
        """,
        research="""
            la transition vers la maternelle et la réussite éducative | the transition to kindergarten and school success
            les pratiques de transition entre l'école, la famille et la communauté | school, family and community transition practices
            la maternelle quatre ans en milieu défavorisé | four-year-old kindergarten in disadvantaged areas
        """,
        dossiers="""
            Réussir la transition vers la maternelle
            De la garderie à l'école : des passerelles
            Parents et école, un lien à bâtir tôt
        """,
        questions="""
            Le portrait de l'enfant est-il transmis sur papier ou en ligne?
            Comment avez-vous obtenu l'accord du centre de services scolaire?
            Le camp préparatoire était-il gratuit pour les familles?
        """,
        comments="""
            Nous utilisons le calendrier de transition depuis deux ans : les écoles l'apprécient.
            Belle initiative, les enfants sans service de garde sont souvent oubliés.
            Le sac à dos est une superbe idée pour la rentrée.
        """,
        english="""
            In spring, children visit their future classroom and the schoolyard.
            Parents and educators fill in a short profile of the child for the teacher.
            Teachers say they know their pupils' needs from the first week.
        """,
    ),
    _bank(
        "acces-services",
        6,
        systems="communaute famille",
        factors="accessibilite-continuite niveau-socioeconomique",
        ages="grossesse 0-1 1-2 2-3 3-4 4-5",
        populations="defavorisation immigrantes",
        action_types="sensibilisation environnements-favorables concertation soutien-parental",
        sectors="sante-services-sociaux communautaire-famille municipal",
        related="defavorisation diversite",
        subjects="""
            le bottin des ressources pour les familles | the family resources directory
            l'intervenante de milieu dans les HLM | the outreach worker in social housing
            la navette vers les services en milieu rural | the rural shuttle to services
            le guichet unique pour les familles | the one-stop desk for families
            l'accompagnement personnalisé vers les services | personal accompaniment to services
            les cliniques de vaccination sans rendez-vous | walk-in vaccination clinics
            les kiosques d'information à l'épicerie | information booths at the grocery store
            le formulaire de référence commun entre organismes | the shared referral form between organisations
            le travail de proximité dans les parcs | outreach work in the parks
        """,
        places="""
            au CLSC
            dans les HLM
            à l'épicerie
            au centre commercial
            en milieu rural
        """,
        goals="""
            faire connaître les services aux familles qui ne les utilisent pas
            réduire les obstacles liés au transport
            simplifier le chemin des familles vers le bon service
            assurer la continuité entre les services
        """,
        needs="""
            Les familles connaissaient mal les services offerts sur le territoire.
            Sans voiture, plusieurs familles ne pouvaient pas se rendre à leurs rendez-vous au CLSC.
            Les organismes se renvoyaient les familles sans suivi.
            Les familles arrivées récemment ne savaient pas à quelle porte frapper.
        """,
        activities="""
            Une intervenante de milieu va à la rencontre des familles dans les HLM et les parcs.
            Une navette gratuite relie les villages au CLSC et à la maison de la famille deux fois par semaine.
            Un bottin imprimé et en ligne regroupe plus de {n} ressources pour les familles.
            Les organismes utilisent un formulaire de référence commun, avec le consentement des parents.
            Des kiosques d'information s'installent à l'épicerie et à la friperie.
        """,
        results="""
            {n} familles ont été accompagnées vers un service pour la première fois.
            {pct} des parents interrogés connaissent au moins trois ressources pour les familles.
            La navette a fait plus de {n} trajets pendant l'année.
            Chaque référence entre organismes est maintenant suivie d'un appel de relance.
        """,
        conditions="""
            Une intervenante connue et reconnue des familles.
            Un formulaire de référence simple, accepté par tous les partenaires.
            La mise à jour régulière du bottin.
        """,
        challenges="""
            Garder le bottin à jour demande du temps chaque année.
            La confidentialité complique le partage d'information entre organismes.
            Le financement de la navette reste fragile.
        """,
        advice="""
            Allez là où sont déjà les familles plutôt que de les attendre.
            Nommez une personne responsable de la mise à jour du bottin.
            Faites le suivi de chaque référence : un appel suffit souvent.
        """,
        lessons="""
            aller là où sont les familles
            une seule porte d'entrée
            suivre chaque référence
        """,
        tools="""
            Bottin des ressources petite enfance | Early childhood resources directory
            Formulaire de référence commun entre organismes | Shared referral form between organisations
            Carte des services aux familles | Map of family services
            Guide de l'intervenante de milieu | Outreach worker's guide
            Aide-mémoire pour accompagner une famille vers un service | Tip sheet for accompanying a family to a service
        """,
        research="""
            l'accessibilité des services pour les familles de jeunes enfants | access to services for families with young children
            la continuité des services en périnatalité et en petite enfance | continuity of perinatal and early childhood services
            le travail de proximité auprès des familles | outreach work with families
        """,
        dossiers="""
            Rendre les services accessibles aux familles
            Le travail de milieu en petite enfance
            Transport et services en milieu rural
        """,
        questions="""
            Qui assume les frais de la navette?
            Comment gérez-vous le consentement dans le formulaire de référence?
            À quelle fréquence mettez-vous le bottin à jour?
        """,
        comments="""
            Le formulaire de référence commun nous a évité bien des allers-retours.
            Nous avons la même difficulté à garder notre bottin à jour.
            L'intervenante de milieu est vraiment la clé, merci de le souligner.
        """,
        english="""
            An outreach worker meets families where they live, in social housing and parks.
            A free shuttle links the villages to the local health centre twice a week.
            Organisations use one referral form, with the parents' consent.
        """,
    ),
    _bank(
        "mobilisation",
        6,
        systems="communaute",
        factors="accessibilite-continuite qualite-services-milieux soutien-social-environnements",
        ages="grossesse 0-1 1-2 2-3 3-4 4-5",
        populations="",
        action_types="concertation",
        sectors="municipal communautaire-famille sante-services-sociaux education",
        related="environnements-favorables acces-services",
        subjects="""
            le comité de concertation petite enfance | the early childhood concertation committee
            la démarche partenariale écosystémique | the ecosystemic partnership approach
            le forum annuel des partenaires | the partners' annual forum
            la mobilisation des élus municipaux | mobilising municipal councillors
            le portrait des tout-petits du territoire | the territory's early childhood portrait
            la planification concertée sur trois ans | three-year joint planning
            l'accueil de nouveaux partenaires à la table | welcoming new partners to the table
            le suivi du plan d'action concerté | monitoring the joint action plan
            les rencontres intersectorielles école-santé-communautaire | school, health and community meetings
        """,
        places="""
            à la table de concertation
            à la MRC
            à l'hôtel de ville
            au centre de services scolaire
        """,
        goals="""
            rallier les partenaires autour d'une vision commune
            mobiliser les municipalités pour les tout-petits
            bâtir un plan d'action concerté à partir du portrait
            garder les partenaires engagés sur plusieurs années
        """,
        needs="""
            Les partenaires travaillaient chacun de leur côté, sans vision commune.
            La participation à la table de concertation diminuait d'année en année.
            Les élus municipaux connaissaient mal les besoins des familles.
            Le regroupement n'avait pas de portrait à jour de son territoire.
        """,
        activities="""
            Les partenaires ont dressé ensemble le portrait du territoire à partir des données de l'EQDEM et du recensement.
            Un forum d'une journée a réuni plus de {n} personnes de tous les secteurs.
            Chaque partenaire a précisé sa contribution au plan d'action concerté.
            Un comité de suivi se réunit quatre fois par année pour faire le point sur les actions.
            Les élus ont été invités à présenter la politique familiale à la table de concertation.
        """,
        results="""
            {k} nouveaux partenaires se sont joints au regroupement.
            Le plan d'action concerté a été adopté par tous les partenaires.
            La municipalité a intégré les tout-petits dans sa politique familiale.
            {pct} des partenaires disent mieux connaître le travail des autres.
        """,
        conditions="""
            Une coordination reconnue et neutre.
            Des rencontres courtes, bien préparées, avec des décisions claires.
            La présence de partenaires de tous les secteurs : santé, éducation, municipal, communautaire.
        """,
        challenges="""
            Le roulement des représentants aux tables ralentit les décisions.
            Trouver des dates de rencontre qui conviennent à tous.
            Maintenir l'intérêt pendant les étapes moins visibles, comme l'analyse de la situation.
        """,
        advice="""
            Prenez le temps de la mobilisation : c'est un investissement, pas une perte de temps.
            Célébrez les petites victoires avec tous les partenaires.
            Accueillez chaque nouveau représentant avec une trousse d'accueil.
        """,
        lessons="""
            une vision commune avant les actions
            la concertation, un investissement
            garder la table mobilisée
        """,
        tools="""
            Gabarit de plan d'action concerté | Joint action plan template
            Guide de la démarche partenariale écosystémique | Guide to the ecosystemic partnership approach
            Trousse d'accueil des nouveaux partenaires | Welcome kit for new partners
            Grille d'évaluation de la concertation | Concertation assessment grid
            Modèle d'entente de collaboration | Model collaboration agreement
        """,
        research="""
            les conditions de succès des regroupements locaux de partenaires | success factors of local partnerships
            l'action intersectorielle en petite enfance | intersectoral action in early childhood
            l'évaluation des démarches de concertation | evaluating concertation processes
        """,
        dossiers="""
            Mobiliser les partenaires autour des tout-petits
            La démarche partenariale écosystémique pas à pas
            Élus municipaux et petite enfance
        """,
        questions="""
            Combien de temps a pris la réalisation du portrait?
            Qui anime le comité de suivi?
            Comment avez-vous convaincu les élus de participer?
        """,
        comments="""
            Le gabarit de plan d'action nous a fait gagner des semaines, merci!
            Nous vivons le même roulement des représentants, la trousse d'accueil est une bonne piste.
            Très utile pour préparer notre prochain forum.
        """,
        english="""
            Partners drew up the territory's portrait together from survey and census data.
            A follow-up committee meets four times a year to review the actions.
            Every partner agreed on its contribution to the joint action plan.
        """,
    ),
    _bank(
        "defavorisation",
        6,
        systems="famille communaute",
        factors="niveau-socioeconomique soutien-social-environnements",
        ages="0-1 1-2 2-3 3-4 4-5",
        populations="defavorisation jeunes-parents",
        action_types="soutien-parental environnements-favorables",
        sectors="communautaire-famille emploi-solidarite sante-services-sociaux",
        related="acces-services saines-habitudes",
        subjects="""
            les cuisines collectives pour jeunes familles | community kitchens for young families
            le comptoir de matériel pour bébés | the baby equipment counter
            le dépannage alimentaire adapté aux tout-petits | emergency food aid for toddlers
            l'aide aux démarches de logement | help with housing applications
            l'accompagnement des parents vers le retour aux études | helping parents go back to school
            les ateliers sur le budget familial | family budget workshops
            la friperie pour enfants | the children's thrift shop
            les couches lavables à prix modique | low-cost cloth diapers
            l'accès gratuit aux loisirs pour les familles à faible revenu | free recreation for low-income families
        """,
        places="""
            au comptoir alimentaire
            à la maison de la famille
            au centre communautaire
            dans les HLM
        """,
        goals="""
            alléger le budget des familles à faible revenu
            répondre aux besoins de base des familles
            accompagner les parents vers l'emploi ou les études
            rejoindre les familles isolées en contexte de pauvreté
        """,
        needs="""
            Près d'une famille sur quatre du territoire vivait sous le seuil de faible revenu.
            Les familles consacraient une grande part de leur revenu au loyer.
            Des parents renonçaient aux activités pour enfants faute d'argent.
            Les besoins en couches, en lait maternisé et en vêtements dépassaient l'offre des organismes.
        """,
        activities="""
            Les familles cuisinent ensemble des repas pour la semaine, à faible coût.
            Le comptoir prête poussettes, sièges d'auto et lits de bébé pour une contribution symbolique.
            Une intervenante accompagne les parents dans leurs démarches de logement et d'aide financière.
            Les ateliers de budget partent des dépenses réelles des familles.
            Les familles reçoivent des laissez-passer gratuits pour la piscine et les activités de loisir.
        """,
        results="""
            {n} familles ont utilisé le comptoir de matériel pour bébés.
            Les familles participantes économisent en moyenne {n} $ par mois sur l'épicerie.
            {pct} des parents accompagnés ont entrepris une démarche d'emploi ou d'études.
            Plusieurs familles ont obtenu un logement social mieux adapté à leurs besoins.
        """,
        conditions="""
            Le respect de la dignité des familles : elles participent, elles ne reçoivent pas la charité.
            Une collaboration étroite avec le CLSC et l'office d'habitation.
            Des services offerts près des lieux de résidence.
        """,
        challenges="""
            La peur d'être jugées freine certaines familles à demander de l'aide.
            Les besoins augmentent plus vite que les dons.
            La hausse des loyers a annulé une partie des gains.
        """,
        advice="""
            Faites participer les familles à l'organisation, pas seulement aux activités.
            Évitez les critères d'admissibilité trop lourds.
            Combinez aide concrète et création de liens entre familles.
        """,
        lessons="""
            la dignité avant tout
            de l'aide concrète et des liens
            alléger le budget des familles
        """,
        tools="""
            Guide d'animation d'une cuisine collective | Community kitchen facilitation guide
            Grille budgétaire pour les familles | Family budget worksheet
            Répertoire des aides financières pour les familles | Directory of financial aid for families
            Procédure de prêt de matériel pour bébés | Baby equipment lending procedure
            Aide-mémoire des droits des locataires | Tenants' rights tip sheet
        """,
        research="""
            la pauvreté des familles ayant de jeunes enfants au Québec | poverty among families with young children in Québec
            les effets de la défavorisation sur le développement des tout-petits | the effects of disadvantage on early development
            l'insécurité alimentaire chez les familles | food insecurity among families
        """,
        dossiers="""
            Agir contre la pauvreté dès la petite enfance
            Besoins de base et dignité des familles
            Logement, alimentation et tout-petits
        """,
        questions="""
            Demandez-vous une preuve de revenu pour le comptoir?
            Comment financez-vous les laissez-passer de loisirs?
            Combien de familles par groupe de cuisine collective?
        """,
        comments="""
            Le principe de dignité est au cœur de notre comptoir aussi, merci de le rappeler.
            La grille budgétaire est simple et concrète, nous l'utilisons déjà.
            Les besoins explosent chez nous aussi depuis la hausse des loyers.
        """,
        english="""
            Families cook meals for the week together at low cost.
            The counter lends strollers, car seats and cribs for a token contribution.
            A worker helps parents with housing and financial aid applications.
        """,
    ),
    _bank(
        "diversite",
        5,
        systems="famille communaute",
        factors="accessibilite-continuite soutien-social-environnements attitudes-parentales",
        ages="0-1 1-2 2-3 3-4 4-5",
        populations="immigrantes",
        action_types="soutien-parental formation sensibilisation",
        sectors="communautaire-famille education services-de-garde",
        related="acces-services langage",
        subjects="""
            l'accompagnement des familles immigrantes vers les services | accompanying immigrant families to services
            les ateliers de francisation parents-enfants | parent-child French language workshops
            les interprètes culturels en service de garde | cultural interpreters in childcare
            les fêtes interculturelles du quartier | the neighbourhood intercultural festivals
            les livres bilingues pour les familles allophones | bilingual books for families who speak other languages
            l'accueil des familles réfugiées | welcoming refugee families
            les haltes-garderies pendant les cours de français | drop-in daycare during French classes
            la formation des intervenantes à l'approche interculturelle | intercultural training for practitioners
            les marraines culturelles | cultural mentors
        """,
        places="""
            au centre d'accueil des nouveaux arrivants
            à l'école
            au CPE
            à la bibliothèque
            au centre communautaire
        """,
        goals="""
            faciliter l'intégration des familles immigrantes
            rendre les services accessibles malgré la barrière de la langue
            valoriser les langues et les cultures d'origine
            soutenir la francisation des parents
        """,
        needs="""
            Le quartier accueille des familles venues de plus de quarante pays.
            Les mères inscrites aux cours de français n'avaient personne pour garder leurs enfants.
            Les services étaient peu utilisés par les familles allophones.
            Les éducatrices se sentaient mal outillées pour communiquer avec certains parents.
        """,
        activities="""
            Une interprète culturelle accompagne les parents aux rencontres avec le CPE et l'école.
            Les enfants sont accueillis en halte-garderie pendant que leurs parents suivent leurs cours de français.
            Les familles partagent contes, chansons et recettes de leur pays d'origine.
            Des livres bilingues sont prêtés dans une douzaine de langues.
            Les intervenantes suivent une formation sur l'approche interculturelle.
        """,
        results="""
            {n} familles immigrantes ont été accompagnées vers un service de garde ou un médecin de famille.
            {pct} des parents inscrits ont terminé leur session de francisation.
            Les éducatrices disent mieux comprendre les attentes des familles.
            La fête interculturelle a réuni plus de {n} personnes.
        """,
        conditions="""
            Des interprètes formés et rémunérés.
            Une attitude d'ouverture envers les pratiques éducatives des familles.
            Un partenariat avec l'organisme d'accueil des nouveaux arrivants.
        """,
        challenges="""
            Trouver des interprètes pour les langues moins répandues.
            Le statut migratoire précaire de certaines familles limite leur accès aux services.
            Les horaires de travail atypiques des parents.
        """,
        advice="""
            Demandez aux familles comment elles souhaitent être accueillies.
            Traduisez les documents clés, mais misez d'abord sur le contact humain.
            Valorisez la langue maternelle : elle soutient aussi l'apprentissage du français.
        """,
        lessons="""
            accueillir dans toutes les langues
            la langue maternelle comme une force
            des interprètes qui font le pont
        """,
        tools="""
            Guide d'accueil des familles immigrantes en service de garde | Guide to welcoming immigrant families in childcare
            Pictogrammes pour communiquer avec les parents allophones | Pictograms for communicating with parents who speak other languages
            Répertoire de livres bilingues | Bilingual book list
            Aide-mémoire de l'approche interculturelle | Intercultural approach tip sheet
            Trousse d'accueil des familles réfugiées | Welcome kit for refugee families
        """,
        research="""
            l'intégration des familles immigrantes ayant de jeunes enfants | the integration of immigrant families with young children
            le bilinguisme et le développement du langage | bilingualism and language development
            l'accès aux services de garde pour les familles immigrantes | access to childcare for immigrant families
        """,
        dossiers="""
            Accueillir les familles immigrantes
            Langues maternelles et francisation
            L'approche interculturelle en petite enfance
        """,
        questions="""
            Comment rémunérez-vous les interprètes?
            Dans quelles langues sont offerts les livres bilingues?
            La halte-garderie est-elle ouverte pendant tous les cours de français?
        """,
        comments="""
            Les pictogrammes nous aident beaucoup avec les nouvelles familles, merci!
            Nous avons invité l'organisme d'accueil à notre table grâce à cette fiche.
            Très beau projet de fête interculturelle.
        """,
        english="""
            A cultural interpreter accompanies parents to meetings with the childcare centre and the school.
            Children are cared for while their parents attend French classes.
            Bilingual books are lent in a dozen languages.
        """,
    ),
    _bank(
        "engagement-peres",
        4,
        systems="famille",
        factors="attitudes-parentales pratiques-parentales",
        ages="grossesse 0-1 1-2 2-3 3-4 4-5",
        populations="peres",
        action_types="soutien-parental sensibilisation",
        sectors="communautaire-famille sante-services-sociaux",
        related="parentalite perinatalite",
        subjects="""
            le groupe de soutien pour les pères | the fathers' support group
            les samedis papa-enfant | father-child Saturdays
            les ateliers de bricolage pères-enfants | father-child craft workshops
            la campagne « Les pères comptent » | the "Dads count" campaign
            l'accueil des pères en périnatalité | welcoming fathers in perinatal services
            les sorties plein air entre pères et enfants | outdoor outings for fathers and children
            le soutien aux pères séparés | support for separated fathers
            les cafés-papas | dads' coffee mornings
            la formation des intervenantes à l'engagement paternel | training practitioners on fathers' involvement
        """,
        places="""
            au gymnase
            à la maison de la famille
            au CLSC
            au parc
            à la cabane à sucre
        """,
        goals="""
            valoriser le rôle des pères dès la grossesse
            rendre les services plus accueillants pour les pères
            créer des occasions de jeu entre pères et enfants
            briser l'isolement des pères
        """,
        needs="""
            Les pères étaient presque absents des activités offertes aux familles.
            Les services de périnatalité s'adressaient surtout aux mères.
            Des pères séparés cherchaient des activités à faire avec leurs enfants.
            Les intervenantes ne savaient pas comment rejoindre les papas.
        """,
        activities="""
            Les pères et leurs enfants se retrouvent le samedi matin pour des jeux actifs au gymnase.
            Un intervenant anime des rencontres entre pères sur leur rôle et leurs préoccupations.
            Les rencontres prénatales invitent explicitement les deux parents.
            Les activités ont lieu le soir et la fin de semaine, en dehors des heures de travail.
            Les affiches et les formulaires nomment désormais le père, et pas seulement la mère.
        """,
        results="""
            La participation des pères aux activités a triplé en deux ans.
            {n} pères ont participé aux samedis papa-enfant.
            {pct} des pères disent se sentir plus à l'aise dans leur rôle.
            Les intervenantes s'adressent maintenant aux deux parents dès le premier contact.
        """,
        conditions="""
            Un intervenant masculin pour les premières rencontres.
            Des activités concrètes et actives plutôt que des discussions.
            Des horaires adaptés aux pères qui travaillent.
        """,
        challenges="""
            Rejoindre les pères qui travaillent sur des quarts de travail.
            Certains pères ne se sentaient pas concernés par les services aux familles.
            Le recrutement passe encore souvent par les mères.
        """,
        advice="""
            Invitez les pères directement, pas seulement par l'entremise des mères.
            Révisez vos affiches et vos formulaires : les pères y sont-ils nommés?
            Proposez des activités où l'on fait quelque chose ensemble.
        """,
        lessons="""
            inviter les pères directement
            des papas présents dès la grossesse
            faire ensemble plutôt que discuter
        """,
        tools="""
            Guide pour des services accueillants pour les pères | Guide to father-friendly services
            Affiches « Les pères comptent » | "Dads count" posters
            Aide-mémoire pour rejoindre les pères | Tip sheet for reaching fathers
            Idées d'activités pères-enfants | Father-child activity ideas
            Grille d'autoévaluation de l'engagement paternel | Self-assessment grid on fathers' involvement
        """,
        research="""
            l'engagement paternel et le développement de l'enfant | fathers' involvement and child development
            les pères et les services en périnatalité | fathers and perinatal services
            la paternité en contexte de vulnérabilité | fatherhood in vulnerable circumstances
        """,
        dossiers="""
            Les pères, des partenaires à part entière
            Rejoindre les papas
            Paternité et petite enfance
        """,
        questions="""
            Comment avez-vous recruté les premiers pères?
            L'intervenant masculin était-il bénévole ou salarié?
            Les samedis papa-enfant sont-ils ouverts aux grands-pères?
        """,
        comments="""
            Nous avons revu nos formulaires après avoir lu ceci : merci!
            Les samedis papa-enfant sont devenus un incontournable chez nous aussi.
            Excellente idée d'inviter explicitement les deux parents aux rencontres prénatales.
        """,
        english="""
            Fathers and their children meet on Saturday mornings for active games in the gym.
            A male worker leads meetings where fathers talk about their role.
            Fathers' participation in activities tripled in two years.
        """,
    ),
    _bank(
        "perinatalite",
        6,
        systems="famille enfant",
        factors="attitudes-parentales sante-physique accessibilite-continuite",
        ages="grossesse 0-1",
        populations="jeunes-parents defavorisation",
        action_types="perinatalite soutien-parental",
        sectors="sante-services-sociaux communautaire-famille",
        related="parentalite engagement-peres",
        subjects="""
            les rencontres prénatales de groupe | group prenatal classes
            les marraines d'allaitement | breastfeeding mentors
            les visites postnatales à domicile | postnatal home visits
            les ateliers de cuisine prénatale | prenatal cooking workshops
            l'accompagnement des futurs parents en contexte de vulnérabilité | support for vulnerable expectant parents
            les haltes-allaitement dans les lieux publics | breastfeeding stations in public places
            les cafés-poussettes | stroller coffee mornings
            les ateliers de massage pour bébés | baby massage workshops
            les relevailles | postpartum home help
        """,
        places="""
            au CLSC
            à la maison de la famille
            à domicile
            au centre de périnatalité
            à la maison des naissances
        """,
        goals="""
            préparer les futurs parents à l'arrivée du bébé
            soutenir l'allaitement pendant les premiers mois
            briser l'isolement après l'accouchement
            rejoindre les femmes enceintes en contexte de vulnérabilité
        """,
        needs="""
            Plusieurs femmes enceintes n'avaient aucun suivi avant le troisième trimestre.
            Le taux d'allaitement chutait fortement après le premier mois.
            Les nouvelles mères se disaient isolées pendant les premières semaines.
            Les jeunes parents de moins de 25 ans fréquentaient peu les rencontres prénatales.
        """,
        activities="""
            Une infirmière et une intervenante animent six rencontres sur la grossesse, l'accouchement et les premiers jours.
            Des marraines d'allaitement bénévoles soutiennent les mères par téléphone et à domicile.
            Une intervenante visite les familles dans les semaines qui suivent la naissance.
            Les futures mères cuisinent des repas nutritifs à congeler pour l'arrivée du bébé.
            Les parents apprennent à masser leur bébé pour le calmer et renforcer le lien d'attachement.
        """,
        results="""
            {pct} des mères accompagnées allaitaient encore à six mois.
            {n} familles ont reçu une visite postnatale à domicile.
            Les futurs parents se disent mieux préparés à l'arrivée du bébé.
            Les femmes enceintes en contexte de vulnérabilité ont commencé leur suivi de grossesse plus tôt.
        """,
        conditions="""
            Une collaboration étroite avec les infirmières du CLSC.
            Des marraines d'allaitement formées et soutenues.
            Un contact établi dès la grossesse, avant la naissance.
        """,
        challenges="""
            Rejoindre les femmes enceintes qui n'ont pas de médecin.
            Le manque de places en relevailles.
            Maintenir le groupe de marraines bénévoles.
        """,
        advice="""
            Invitez le ou la partenaire aux rencontres prénatales.
            Offrez un premier contact à domicile : c'est souvent là que la confiance se crée.
            Prévoyez le transport pour les futures mères sans voiture.
        """,
        lessons="""
            créer le lien dès la grossesse
            l'allaitement soutenu par des pairs
            ne pas laisser les nouvelles mères seules
        """,
        tools="""
            Guide d'animation des rencontres prénatales | Prenatal class facilitation guide
            Aide-mémoire de l'allaitement des premières semaines | Breastfeeding in the first weeks tip sheet
            Formulaire de jumelage avec une marraine d'allaitement | Breastfeeding mentor matching form
            Recettes de cuisine prénatale | Prenatal cooking recipes
            Calendrier des visites postnatales | Postnatal visit calendar
        """,
        research="""
            la santé périnatale des familles en contexte de vulnérabilité | perinatal health of vulnerable families
            le soutien à l'allaitement dans la communauté | community breastfeeding support
            les visites à domicile en période postnatale | postnatal home visiting
        """,
        dossiers="""
            Bien accompagner la grossesse et la naissance
            Allaitement : le soutien des pairs
            Les premières semaines avec bébé
        """,
        questions="""
            Comment formez-vous les marraines d'allaitement?
            Les visites postnatales sont-elles offertes à toutes les familles?
            Le partenaire participe-t-il aux ateliers de cuisine prénatale?
        """,
        comments="""
            Les marraines d'allaitement font une énorme différence, nous le constatons aussi.
            Merci pour le calendrier des visites, il nous aide à planifier.
            Très belle initiative pour les jeunes parents.
        """,
        english="""
            A nurse and a community worker lead six prenatal classes.
            Volunteer breastfeeding mentors support mothers by phone and at home.
            A worker visits families in the weeks after the birth.
        """,
    ),
    _bank(
        "environnements-favorables",
        5,
        systems="communaute",
        factors="soutien-social-environnements sante-physique accessibilite-continuite",
        ages="0-1 1-2 2-3 3-4 4-5",
        populations="",
        action_types="environnements-favorables concertation",
        sectors="municipal bibliotheques-culture communautaire-famille",
        related="mobilisation developpement-moteur",
        subjects="""
            l'aménagement d'un parc intergénérationnel | designing an intergenerational park
            la ruelle verte et sécuritaire | the green and safe laneway
            le coin famille à la bibliothèque municipale | the family corner at the public library
            la politique familiale municipale | the municipal family policy
            les zones de jeu libre dans les rues | free play zones in the streets
            les tables à langer dans les édifices municipaux | changing tables in municipal buildings
            les corridors scolaires sécuritaires | safe routes to school
            la programmation municipale gratuite pour les tout-petits | free municipal programming for toddlers
            l'accessibilité des bâtiments publics aux poussettes | stroller access to public buildings
        """,
        places="""
            au parc municipal
            dans la ruelle
            à la bibliothèque municipale
            à l'hôtel de ville
            dans les rues du quartier
        """,
        goals="""
            rendre le quartier plus accueillant pour les familles
            offrir des lieux de jeu sécuritaires près des résidences
            inscrire les tout-petits dans les décisions municipales
            favoriser les rencontres entre familles
        """,
        needs="""
            Le quartier comptait peu de parcs adaptés aux enfants de moins de cinq ans.
            La circulation rendait les rues dangereuses près des services de garde.
            Les bâtiments municipaux étaient mal adaptés aux poussettes.
            La politique familiale de la municipalité datait de plus de dix ans.
        """,
        activities="""
            Les familles ont été consultées sur l'aménagement du parc lors de marches exploratoires.
            La ruelle a été verdie et fermée à la circulation avec l'accord des résidents.
            La municipalité a installé des tables à langer et des haltes-allaitement dans ses édifices.
            Un comité de parents a participé à la mise à jour de la politique familiale.
            Des modules de jeu pour les enfants de 18 mois à 5 ans ont été ajoutés au parc.
        """,
        results="""
            Le parc réaménagé accueille plus de {n} familles chaque semaine l'été.
            La politique familiale a été adoptée à l'unanimité par le conseil municipal.
            {pct} des résidents de la ruelle disent mieux connaître leurs voisins.
            {k} lieux publics ont été aménagés pour les familles.
        """,
        conditions="""
            L'engagement d'un élu porteur du dossier famille.
            La participation réelle des familles à la conception.
            Un budget municipal réservé aux aménagements.
        """,
        challenges="""
            Les délais des projets d'infrastructure dépassent souvent la durée du plan.
            Concilier les besoins des familles et ceux des autres résidents.
            L'entretien des aménagements après l'inauguration.
        """,
        advice="""
            Faites marcher les élus avec une poussette dans le quartier.
            Associez les familles dès l'étape des plans, pas seulement à l'inauguration.
            Appuyez-vous sur les données du portrait pour convaincre le conseil municipal.
        """,
        lessons="""
            une ville pensée à hauteur d'enfant
            les familles au cœur de l'aménagement
            un élu porteur du dossier famille
        """,
        tools="""
            Guide de la marche exploratoire avec les familles | Guide to exploratory walks with families
            Grille d'évaluation d'un parc pour les tout-petits | Playground assessment grid for toddlers
            Modèle de résolution municipale en faveur des tout-petits | Model municipal resolution for young children
            Aide-mémoire pour une politique familiale | Family policy tip sheet
            Guide d'aménagement d'une ruelle verte | Green laneway design guide
        """,
        research="""
            les environnements favorables au développement des tout-petits | environments that support early development
            les municipalités amies des enfants | child-friendly municipalities
            l'aménagement urbain et le jeu libre | urban design and free play
        """,
        dossiers="""
            Des municipalités à hauteur d'enfant
            Parcs, ruelles et lieux publics pour les familles
            Politiques familiales et tout-petits
        """,
        questions="""
            Combien de temps a duré le projet de réaménagement du parc?
            Comment avez-vous obtenu l'accord des résidents de la ruelle?
            La grille d'évaluation convient-elle aux parcs en milieu rural?
        """,
        comments="""
            La marche exploratoire avec les élus a convaincu notre conseil aussi!
            Nous nous inspirons de votre ruelle verte pour notre quartier.
            Merci pour le modèle de résolution, très pratique.
        """,
        english="""
            Families were consulted on the park design during exploratory walks.
            The laneway was greened and closed to traffic with the residents' agreement.
            The town installed changing tables and breastfeeding stations in its buildings.
        """,
    ),
)

THEMES_BY_CODE = {bank.code: bank for bank in THEMES}

# --- Words shared by every theme ------------------------------------------------------

POPULATION_PHRASES = {
    "defavorisation": "les familles en contexte de défavorisation",
    "immigrantes": "les familles immigrantes",
    "autochtones": "les familles autochtones",
    "peres": "les pères",
    "jeunes-parents": "les jeunes parents",
    "besoins-particuliers": "les enfants ayant des besoins particuliers",
}

GENERIC_LESSONS = _lines(
    """
    ce qui a fonctionné
    bilan de trois ans
    les clés du succès
    ce que nous referions autrement
    du projet pilote à l'action durable
    retour sur une première année
    """
)

TOOL_COMPONENTS = _lines(
    """
    des fiches d'activités illustrées
    une grille d'observation à remplir
    un aide-mémoire pour les parents
    un gabarit modifiable
    des exemples tirés de l'expérience des partenaires
    une liste de vérification pour l'animation
    des pictogrammes à imprimer
    un court guide pour la personne qui anime
    une version simplifiée pour les familles
    """
)

TOOL_FORMATS = _lines(
    """
    Format : document PDF de {k} pages, à imprimer en couleur.
    Format : gabarit Word modifiable, à adapter à votre milieu.
    Format : classeur Excel avec une feuille par étape.
    Format : affiche et fiches à imprimer.
    Format : document PDF accessible, avec une version en gros caractères.
    """
)

TOOL_VARIANTS = _lines(
    """
    pour les parents
    pour les éducatrices
    simplifiée
    adaptée au milieu rural
    bilingue
    en gros caractères
    """
)

TOOL_USERS = _lines(
    """
    les éducatrices en service de garde
    les intervenantes communautaires
    les coordonnatrices de regroupement
    les bibliothécaires
    les infirmières du CLSC
    les enseignantes de maternelle
    les animatrices de haltes-garderies
    """
)

EVALUATION_METHODS = _lines(
    """
    des entrevues avec une vingtaine de parents
    un sondage rempli avant et après la participation
    des groupes de discussion avec les intervenantes
    l'observation des activités pendant une année
    les registres de participation des partenaires
    """
)

NEWS_TITLES = _lines(
    """
    {City} lance {subject}
    Deuxième édition {of_subject} {at_city}
    Retour sur {subject} {of_territory}
    {Org} reçoit un prix pour {subject}
    Inscriptions ouvertes : {subject} {at_city}
    Colloque régional {of_region} sur le thème « {Dossier} »
    """
)

NEWS_OPENINGS = _lines(
    """
    {Org} et les partenaires {of_territory} annoncent le lancement {of_subject}.
    Après une première année réussie, le projet « {Subject} » revient {at_city}.
    Le regroupement {partnership} fait le point sur {subject}.
    Les partenaires {of_territory} invitent les familles à découvrir {subject}.
    """
)

NEWS_CLOSINGS = _lines(
    """
    Les familles intéressées peuvent s'inscrire auprès {of_org}.
    Les activités sont gratuites et ouvertes à toutes les familles du territoire.
    Le regroupement remercie les partenaires qui ont rendu ce projet possible.
    Le bilan complet sera présenté au prochain forum des partenaires.
    """
)

DOSSIER_NOTES = {
    "apprentissage": _lines(
        """
        Une expérience pour commencer
        Un exemple en milieu rural
        Un exemple en milieu urbain
        Ce que les partenaires ont appris
        """
    ),
    "outil": _lines(
        """
        L'outil à utiliser
        Pour passer à l'action
        Un gabarit prêt à adapter
        """
    ),
    "publication": _lines(
        """
        Ce que dit la recherche
        Les résultats de l'évaluation
        Pour aller plus loin
        """
    ),
    "actualite": _lines(
        """
        Dans l'actualité
        Une initiative récente
        """
    ),
}

COLLECTION_NAMES = _lines(
    """
    À lire plus tard
    Pour notre prochain plan d'action
    Idées pour le comité
    Coups de cœur
    À présenter aux partenaires
    Outils à essayer cet automne
    Inspirations pour la table de concertation
    Pour les éducatrices
    """
)

BOOKMARK_NOTES = _lines(
    """
    À présenter à la prochaine rencontre du comité.
    Bonne idée pour notre territoire.
    Vérifier le budget avant de proposer.
    À adapter pour le milieu rural.
    Contacter l'organisme pour en savoir plus.
    """
)

GENERIC_COMMENTS = _lines(
    """
    Merci pour ce partage très inspirant!
    Belle initiative, bravo à toute l'équipe.
    Nous allons en parler à notre prochaine rencontre de concertation.
    Très clair et facile à adapter à notre milieu.
    Merci d'avoir pris le temps de documenter les défis, c'est précieux.
    """
)

GENERIC_QUESTIONS = _lines(
    """
    Quel budget faut-il prévoir pour démarrer?
    Combien de familles participaient en moyenne?
    Avez-vous un exemple d'affiche ou de dépliant à partager?
    Le projet se poursuit-il cette année?
    """
)

REPLIES = _lines(
    """
    Bonne question! Nous pouvons vous envoyer notre exemple par courriel, écrivez-nous.
    Merci de votre intérêt. Nous avons commencé avec un petit budget, surtout pour le matériel.
    Oui, le projet se poursuit et s'élargit à deux autres municipalités.
    Environ une quinzaine de familles par séance, un peu moins l'été.
    Nous vous invitons à communiquer avec notre coordonnatrice, elle se fera un plaisir de vous répondre.
    """
)

HIDDEN_COMMENTS = _lines(
    """
    Visitez notre boutique en ligne pour des jouets éducatifs à rabais!!! Livraison gratuite.
    Gagnez de l'argent de la maison en quelques clics, écrivez-moi en privé.
    """
)

REPORT_REASONS = _lines(
    """
    Publicité sans rapport avec l'expérience.
    Message indésirable.
    """
)

REINVESTMENT_ADAPTED = _lines(
    """
    Nous avons raccourci les rencontres à une heure et ajouté une halte-garderie pour les frères et sœurs.
    Nous avons repris la formule en milieu rural, avec une seule rencontre par mois dans chaque village.
    Les documents ont été simplifiés et traduits pour les familles allophones du quartier.
    L'activité est offerte le samedi matin plutôt qu'en semaine, pour rejoindre les parents qui travaillent.
    Nous avons confié l'animation à deux organismes en alternance plutôt qu'à un seul.
    Le matériel a été adapté aux enfants plus jeunes, dès dix-huit mois.
    """
)

REINVESTMENT_REASONS = _lines(
    """
    Nos familles vivent loin des services et se déplacent difficilement.
    Le portrait de notre territoire montrait les mêmes besoins.
    Les résultats obtenus ailleurs ont convaincu nos partenaires.
    Nous cherchions une action éprouvée plutôt que de tout inventer.
    Nos partenaires voulaient rejoindre davantage de familles isolées.
    """
)

# --- English ----------------------------------------------------------------------------

ENGLISH_OPENINGS = _lines(
    """
    Partners in {territory} set up {subject} to support young children and their families.
    This learning comes from {org}, in {territory}.
    {Subject} started in {territory} after partners noticed growing needs among families.
    """
)

ENGLISH_CLOSINGS = _lines(
    """
    Partners recommend starting small and involving parents from the start.
    The project continues and has been adapted by other partnerships.
    A full evaluation will be presented at the next partners' forum.
    """
)

ENGLISH_KIND_WORDS = {
    "apprentissage": "What we learned from",
    "outil": "Tool:",
    "publication": "Report:",
    "actualite": "News:",
}
