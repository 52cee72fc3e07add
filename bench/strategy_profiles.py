"""Hand-written strategies for bench/eval_strategy.py, as a new user writes them from the docs.

Each was written from the brand's public positioning (what the company says it does), not from
the posts it is measured on: a proposition, three pillars with a description and two examples
each, one declared off-strategy topic. The approved posts (``voice.examples``) are added by the
benchmark from the brand's own posts (5 or 100 of them), never the held-out ones.
"""
from __future__ import annotations

POLITICS_EN = {"id": "politics", "description": "Elections, political parties, government and partisan opinions.",
               "examples": ["Vote for the candidate who will fix this country at the next election."]}

SKINCARE = {
    "language": "en",
    "proposition": ("Skincare developed with dermatologists and skin scientists: cleansers, moisturisers, "
                    "serums and sunscreens with proven ingredients, and advice so that everyone can care "
                    "for their skin type and skin concerns."),
    "pillars": [
        {"id": "skin-science", "description": "Ingredients and skin science: ceramides, hyaluronic acid, "
         "vitamin C, retinol, niacinamide, SPF, dermatologist research and clinical results.",
         "examples": ["Vitamin C is a powerful antioxidant that helps protect skin from environmental damage.",
                      "Developed with dermatologists, our moisturiser restores the skin barrier with three essential ceramides."]},
        {"id": "routines", "description": "Skincare routines and skin concerns: dry, oily, sensitive or "
         "acne-prone skin, cleansing, moisturising, sun protection, product recommendations.",
         "examples": ["Dry skin? Cleanse gently, moisturise while your skin is still damp and never skip sunscreen.",
                      "Which serum is right for your skin concern? Tell us your skin type and we will recommend a routine."]},
        {"id": "community", "description": "Our community and customers: thanking fans, sharing their "
         "results, answering their questions about our products.",
         "examples": ["We love seeing your glowing results, thank you for sharing your routine with us!",
                      "Thanks for reaching out! Please send us a DM with the product name and we will help."]},
    ],
    "off_strategy": [POLITICS_EN],
}

# a device maker's support account
TECH_SUPPORT = {
    "language": "en",
    "proposition": ("Help for the people who use our phones, tablets, computers and watches: we answer "
                    "on social media, troubleshoot with them step by step and point them to the right "
                    "setting, update or repair."),
    "pillars": [
        {"id": "troubleshooting", "description": "Fixing a problem with a device: battery, screen, "
         "charging, Wi-Fi, Bluetooth, software updates, restarting, settings.",
         "examples": ["Sorry your battery drains fast. Which software version is on the phone, and does a restart help?",
                      "Let's get that Wi-Fi working again: turn it off and on in Settings, then try another network."]},
        {"id": "apps-and-accounts", "description": "Apps, accounts and services: signing in, passwords, "
         "subscriptions, billing, the app store, backups and syncing photos.",
         "examples": ["If you can't sign in to your account, you can reset your password from the login page.",
                      "Your photos sync when the backup is turned on; check it under your account settings."]},
        {"id": "next-steps", "description": "Taking the conversation further: send us a direct message, "
         "a support article, booking a repair, contacting a store.",
         "examples": ["Send us a DM with the model you're using and we'll look into it together.",
                      "This article walks you through it step by step. Let us know how it goes!"]},
    ],
    "off_strategy": [POLITICS_EN],
}

# a fast-food chain's social account (the first example)
FAST_FOOD = {
    "language": "en",
    "proposition": ("Burgers, fries, breakfast and desserts served fast in restaurants near you, with "
                    "a friendly word for every fan and quick help when a visit goes wrong."),
    "pillars": [
        {"id": "menu", "description": "Our food and drinks: burgers, fries, nuggets, breakfast, "
         "milkshakes, ice cream, coffee, new and limited menu items.",
         "examples": ["Nothing beats hot fries straight out of the fryer.",
                      "Breakfast is served until late morning: hash browns, muffins and hot coffee."]},
        {"id": "fan-banter", "description": "Playful replies to fans: cravings, jokes, thanking people "
         "for their love, inviting them to come by.",
         "examples": ["That craving is real. Come see us soon!",
                      "We love that you love it! Thanks for the shout-out."]},
        {"id": "restaurant-care", "description": "When a visit goes wrong: wrong order, cold food, "
         "long wait, rude service; we apologise and ask for details about the restaurant.",
         "examples": ["Sorry your order was wrong. Which restaurant did you visit? We'll share this with the team.",
                      "That's not the experience we want for you. Please tell us more about your visit."]},
    ],
    "off_strategy": [POLITICS_EN],
}

# a bank's care account
BANK = {
    "language": "en",
    "proposition": ("Everyday banking made simple for our clients: accounts, cards, mortgages and "
                    "savings, with help on social media when something needs sorting out."),
    "pillars": [
        {"id": "accounts-and-cards", "description": "Accounts, credit and debit cards, payments, "
         "transfers, fees, statements and fraud protection.",
         "examples": ["A blocked card can be unlocked in a few minutes; call the number on the back of your card.",
                      "Transfers between your accounts are free and show up right away."]},
        {"id": "digital-banking", "description": "Online and mobile banking: the app, signing in, "
         "passwords, deposits by photo, alerts.",
         "examples": ["Sorry the app is giving you trouble signing in. Which device and version are you using?",
                      "You can deposit a cheque from the mobile app by taking a photo of it."]},
        {"id": "client-care", "description": "Listening to clients: apologising, following up in "
         "a private message, sharing feedback with the branch, thanking clients.",
         "examples": ["We're sorry to hear about your branch visit. Please send us a DM so we can follow up.",
                      "Thanks for the kind words, we'll pass them on to the team!"]},
    ],
    "off_strategy": [POLITICS_EN],
}

# a French candidate's campaign account (2017), from the published programme
CAMPAIGN_FR = {
    "language": "fr",
    "proposition": ("Une campagne présidentielle pour changer la République et partager les richesses : "
                    "une nouvelle constitution, la planification écologique, la paix et la souveraineté "
                    "du peuple face aux traités européens."),
    "pillars": [
        {"id": "institutions", "description": "Changer les institutions : sixième République, assemblée "
         "constituante, référendum, droit de révoquer les élus, démocratie.",
         "examples": ["Nous convoquerons une assemblée constituante pour écrire la sixième République.",
                      "Le peuple doit pouvoir révoquer un élu qui trahit ses engagements."]},
        {"id": "social-ecologie", "description": "Partage des richesses, salaires, retraites, emploi, "
         "services publics et planification écologique, énergies renouvelables.",
         "examples": ["Nous augmenterons le SMIC et rétablirons la retraite à 60 ans.",
                      "La planification écologique créera des centaines de milliers d'emplois."]},
        {"id": "europe-paix", "description": "L'Europe, les traités, la souveraineté, la défense, la "
         "paix et la politique étrangère de la France.",
         "examples": ["Sortir des traités européens qui imposent l'austérité aux peuples.",
                      "La France doit être une puissance de paix, indépendante des blocs militaires."]},
    ],
    "off_strategy": [{"id": "promotions", "description": "Promotions commerciales, soldes, réductions, "
                      "produits à vendre.",
                      "examples": ["Soldes : -50 % sur toute la collection ce week-end seulement."]}],
}


# a candidate's first day (issue 18, round 6), written as a team does on its first day: three
# pillars with one example each, no keywords, one off-strategy topic (benoithamon's 2017 campaign)
DAY_ONE_FR = {
    "language": "fr",
    "proposition": ("Un candidat de gauche qui propose un futur désirable : revenu universel, transition "
                    "écologique, démocratie renouvelée, pour les Français qui veulent du changement."),
    "pillars": [
        {"id": "revenu-universel", "description": "Le revenu universel d'existence, le pouvoir d'achat, "
         "le travail et les salaires.",
         "examples": ["Le revenu universel d'existence, c'est plus de pouvoir d'achat pour les jeunes et les travailleurs précaires."]},
        {"id": "ecologie", "description": "La transition écologique, la santé, les perturbateurs "
         "endocriniens, l'énergie.",
         "examples": ["Je sortirai du diesel et j'interdirai les perturbateurs endocriniens : notre santé d'abord."]},
        {"id": "democratie", "description": "Renouveler la démocratie, le 49.3, la participation des "
         "citoyens, les institutions.",
         "examples": ["Je supprimerai le 49.3 et je donnerai aux citoyens le droit d'initiative."]},
    ],
    "off_strategy": [{"id": "people", "description": "Vie privée, célébrités, loisirs, sport.",
                      "examples": ["Quel beau match hier soir, bravo aux joueurs !"]}],
}
