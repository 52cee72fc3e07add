"""Fixtures of the semantic tests: two small brands, in French and in English, with posts.

Written for these tests (not the bundled example): a French independent bookshop and an English
bakery. Each has a proposition, pillars, one declared off-strategy topic, approved posts and a
competitor, so every VL4xx check and VL210 can be exercised in both languages.
"""
import yaml

FR_PROFILE = yaml.safe_load("""\
language: fr
proposition: Une librairie indépendante à Nantes qui conseille des livres choisis un par un, organise des rencontres avec les auteurs et fait vivre la lecture dans le quartier, avec une équipe payée équitablement, pour des lecteurs curieux qui aiment qu'on les guide.
pillars:
  - id: conseils-lecture
    description: Nos coups de cœur et conseils de lecture, romans, essais, bandes dessinées, livres jeunesse.
    keywords: [roman, essai, lecture, livre, coup de cœur, auteur, bande dessinée, poche]
    examples:
      - "Notre coup de cœur de la semaine : un premier roman lumineux sur une famille de pêcheurs bretons."
      - "Vous avez aimé les romans de Jules Verne ? Nous vous conseillons ce récit d'expédition polaire."
      - "Trois bandes dessinées pour les lecteurs de dix ans qui pensent ne pas aimer lire."
  - id: rencontres
    description: Les rencontres, dédicaces et lectures publiques avec les auteurs à la librairie.
    keywords: [rencontre, dédicace, auteur, autrice, lecture publique, signature, soirée]
    examples:
      - "Jeudi à 19 h, rencontre avec l'autrice de « La Maison des marées » : lecture puis dédicace."
      - "Merci aux soixante lecteurs venus écouter notre invité samedi, la discussion a duré deux heures."
  - id: quartier
    description: La vie de la librairie et du quartier, les libraires, le club de lecture, les horaires.
    keywords: [librairie, libraire, quartier, club de lecture, horaires, fermeture, commande, cadeau, courriel, vitrine, soirée]
    examples:
      - "Le club de lecture du mardi reprend en septembre, les nouveaux lecteurs sont les bienvenus."
      - "Nouvelle vitrine : Claire a sorti tous les livres de voyage pour l'été."
off_strategy:
  - id: politique
    description: Politique, élections, partis, gouvernement, prises de position partisanes.
    examples:
      - "Allez voter dimanche aux élections : le gouvernement et les partis doivent entendre les électeurs."
voice:
  address: vous
  examples:
    - "Vous cherchez un cadeau pour un grand lecteur ? Passez nous voir, nous trouverons ensemble."
    - "La librairie sera fermée lundi pour l'inventaire ; nous vous retrouvons mardi à 10 h."
    - "Vos commandes arrivent en deux jours : nous vous prévenons par courriel dès qu'elles sont là."
    - "Le prix des lecteurs du quartier est lancé : déposez votre bulletin à la caisse."
    - "Marion vous conseille ce mois-ci un essai passionnant sur l'histoire des cartes marines."
    - "Les livres de poche de l'été sont arrivés, une table entière leur est réservée."
    - "Notre libraire Paul a lu tous les polars nordiques de la rentrée ; demandez-lui son préféré."
    - "Merci pour vos messages après la soirée poésie : nous en organiserons une autre au printemps."
competitors:
  - name: MegaLivres
    examples:
      - "Tous les best-sellers livrés chez vous en 24 h, au meilleur prix."
      - "Découvrez notre sélection de livres pour toute la famille et profitez de nos offres."
""")
FR_PROFILE["name"] = "Librairie Les Pages"

EN_PROFILE = yaml.safe_load("""\
language: en
proposition: Sourdough bread baked every morning in our Leeds bakery with local flour by a team paid a fair living wage, for neighbours who care about real bread.
pillars:
  - id: baking
    description: How we bake - sourdough starters, flour, ovens, the bakers' craft.
    examples:
      - "Our sourdough starter is twelve years old and still fed twice a day."
      - "We bake with stone-ground flour from a mill twenty miles away."
      - "The ovens are lit at 4am so the first loaves are out by seven."
  - id: neighbourhood
    description: The shop, our neighbours, street parties and the regulars who come in every day.
    examples:
      - "Thanks to everyone who came to the street party, we ran out of cinnamon buns by noon."
      - "Our Saturday queue is the friendliest in Leeds, and the coffee is on us while you wait."
off_strategy:
  - id: politics
    description: Elections, political parties, government and partisan opinions.
    examples: ["Vote for the candidate who will finally fix this country at the next election."]
voice:
  examples:
    - "A good crust should crackle when you squeeze the loaf. Ours does."
    - "Rye and caraway is back on the shelf from Tuesday."
    - "We close at 2pm on Sunday, so come early for the croissants."
    - "Hot cross buns are on the counter from Thursday, spiced and glazed the old way."
    - "If your loaf goes stale, slice it thin and toast it: it makes the best crumbs for soup."
    - "Our head baker Sam has been shaping loaves here for eleven years."
    - "Gluten-free bread is baked first thing, before any wheat flour is out."
    - "Bring your own bag and we will knock ten pence off your loaf."
competitors:
  - name: BreadCo
    examples: ["Discover our range of breads for every occasion, delivered to your door."]
""")
EN_PROFILE["name"] = "Leeds Loaf"

POSTS = {
    "fr": {
        "off_strategy": "Notre nouveau smartphone dispose d'un écran OLED de 6,7 pouces et d'une batterie de 5000 mAh.",
        "declared_topic": "Allez voter aux élections dimanche : le gouvernement actuel a trahi les commerçants et les partis doivent nous écouter.",
        "generic": "Découvrez notre sélection de livres pour toute la famille, livrés chez vous au meilleur prix.",
        "no_pillar": "Toute l'équipe est payée équitablement : c'est notre engagement.",
        "on_pillar": [
            "Notre coup de cœur : un roman d'aventure maritime qui se lit d'une traite, parfait pour les vacances.",
            "Samedi à 16 h, dédicace avec l'auteur de la bande dessinée « Les Phares » à la librairie.",
            "Le club de lecture se retrouve mardi soir autour d'un essai sur les océans.",
        ],
        "other_voice": "Coucou les loulous !!! 😍😍 Trop hâte de vous montrer nos nouveautés, venez vite !!!",
    },
    "en": {
        "off_strategy": "What a match last night! United beat City 3-1 with a late header from the striker.",
        "declared_topic": "Vote at the election on Sunday: the government and the political parties have let small businesses down.",
        "generic": "Discover our delicious range of breads for every occasion, delivered to your door.",
        "no_pillar": "Every member of our team is paid a fair living wage, and we publish our pay scale.",
        "on_pillar": [
            "Fresh sourdough loaves are out of the oven: the first batch goes at 7am.",
            "Our sourdough starter gets fed at dawn before the ovens are lit.",
            "Thanks to everyone who came to the street party on Saturday, we ran out of buns by noon.",
        ],
        "other_voice": "Hey guys!! Check out our new website, link in bio 😍😍 #blessed",
    },
}

#: Sets: every post on one pillar (VL405, VL406), and a mixed calendar (neither).
ONE_PILLAR = {"fr": ["Notre coup de cœur : un roman d'aventure maritime qui se lit d'une traite, parfait pour les vacances.", 'Vous aimez les polars ? Ce roman noir islandais vous tiendra éveillé toute la nuit.', "Un essai passionnant sur l'histoire des cartes marines, conseillé par Marion.", 'Pour les lecteurs de huit ans : trois bandes dessinées drôles et tendres.', "Le roman de la rentrée que toute l'équipe a adoré : une saga familiale sur trois générations.", 'Notre conseil poche de la semaine : un classique de la littérature russe, enfin réédité.', "Un premier roman bouleversant sur l'exil, que nous vous conseillons les yeux fermés.", "Pour les amateurs d'essais : une histoire du sel, étonnante et très bien écrite."], "en": ['Our sourdough starter is fed at dawn, before the ovens are lit.', 'We bake with stone-ground flour from a small mill near Otley.', 'The ovens are lit at 4am so the first loaves come out by seven.', 'Our bakers shape every loaf by hand and prove it overnight.', 'A twelve-year-old starter, flour from the mill and a hot oven: that is the whole recipe.', 'The new rye starter is bubbling nicely after a week of feeding.', 'Why we bake our loaves dark: the crust is where the flavour lives.', 'We switched to a slower overnight prove and the crumb is even more open.']}
MIXED = {"fr": ["Notre coup de cœur : un roman d'aventure maritime qui se lit d'une traite, parfait pour les vacances.", "Jeudi à 19 h, rencontre avec l'auteur du roman « Les Phares », suivie d'une dédicace.", "Le club de lecture se retrouve mardi soir autour d'un essai sur les océans.", 'Vous aimez les polars ? Ce roman noir islandais vous tiendra éveillé toute la nuit.', "Samedi, l'autrice de « La Maison des marées » signe ses livres à la librairie de 15 h à 18 h.", "Nouvelle vitrine : les libraires ont sorti tous les livres de montagne pour l'hiver.", 'Pour les lecteurs de huit ans : trois bandes dessinées drôles et tendres.', 'Merci aux lecteurs venus à la lecture publique de vendredi, la soirée a été magnifique.'], "en": ['Our sourdough starter is fed at dawn, before the ovens are lit.', 'Thanks to everyone who came to the street party on Saturday, we ran out of buns by noon.', 'We bake with stone-ground flour from a small mill near Otley.', 'Say hello to Jean, one of our regulars, who has bought the same rye loaf every day for ten years.', 'The ovens are lit at 4am so the first loaves come out by seven.', 'Our Saturday queue is the friendliest in Leeds: coffee is on us while you wait.', 'Our bakers shape every loaf by hand and prove it overnight.', 'The street party is back next month: bring your neighbours, we bring the cinnamon buns.']}
PROFILES = {"fr": FR_PROFILE, "en": EN_PROFILE}
