"""Hand-written calendars for the drift tests: one brand voice per language, posts per platform,
and one platform rewritten by "someone else". All texts were written for these tests."""
from __future__ import annotations

import json
from pathlib import Path

FR_APPROVED = [
    "Notre levain a maintenant douze ans : nous le nourrissons chaque matin avec une farine de seigle de la Loire.",
    "Le pain de campagne sort du four à 7 h. Vous le trouverez en boutique jusqu'à midi, ou sur réservation.",
    "Nous travaillons avec trois meuniers de la région ; chaque farine a son goût et son usage.",
    "Pour garder votre pain plus longtemps, enveloppez-le dans un torchon en lin plutôt que dans un sac plastique.",
    "Cette semaine, la fougasse aux olives revient le vendredi et le samedi, en quantité limitée par la pâte du jour.",
    "Vous nous avez demandé pourquoi la croûte est si sombre : nous cuisons plus longtemps, pour plus d'arômes.",
    "La boutique sera fermée lundi 14 juillet. Nous vous retrouvons mardi dès 6 h 30.",
    "Notre brioche est pétrie lentement, avec un beurre de baratte de la Bresse et des œufs de plein air.",
    "Merci pour vos messages après la journée portes ouvertes : nous referons une visite du fournil en octobre.",
    "Un pain au levain se conserve quatre à cinq jours. Vous pouvez aussi le congeler tranché, il se réchauffe très bien.",
    "Nous formons deux apprentis cette année ; vous les croiserez peut-être derrière le comptoir le samedi.",
    "Le seigle demande une pâte plus humide et une cuisson plus douce : c'est pour cela que sa mie reste dense.",
]

FR_CALENDAR = {
    "linkedin": [
        "Notre fournil recrute un ou une boulangère pour les fournées du matin. Nous vous formons à notre levain et à nos farines.",
        "Nous avons réduit de moitié nos invendus cette année : les pains de la veille partent à l'épicerie solidaire du quartier.",
        "Nous publions la liste de nos meuniers et de nos fournisseurs de beurre et d'œufs : vous la trouverez sur notre site.",
        "Depuis janvier, notre four est chauffé au bois de récupération des menuisiers voisins. Nous vous expliquons pourquoi.",
        "Nos deux apprentis passent leur CAP en juin. Nous sommes fiers du travail accompli avec eux cette année.",
        "Nous livrons désormais trois restaurants de la Croix-Rousse, avec des pains cuits le matin même.",
    ],
    "facebook": [
        "Ce samedi, la fougasse aux olives et la brioche tressée vous attendent en boutique dès 7 h.",
        "Vous pouvez réserver votre pain de campagne la veille par téléphone ; nous le mettons de côté jusqu'à midi.",
        "La recette de notre pain perdu du dimanche est en ligne : il ne vous faut qu'un pain rassis, du lait et deux œufs.",
        "Nous serons au marché de la place Sathonay dimanche matin, avec nos pains au seigle et nos sablés.",
        "Attention, la boutique ouvre à 8 h ce mardi, le temps de réparer la porte du four.",
        "Merci à vous pour votre patience pendant les travaux : la nouvelle vitrine est enfin installée.",
    ],
    "instagram": [
        "Le pain de seigle sort du four : une croûte sombre, une mie dense, un parfum de noisette.",
        "Notre levain, nourri ce matin comme chaque jour depuis douze ans.",
        "La brioche tressée de la semaine, avec un beurre de la Bresse. Vous la trouverez en boutique jusqu'à samedi.",
        "Coulisses du fournil : nous façonnons les baguettes à la main, une à une, à 4 h du matin.",
        "Les premières fougasses aux olives de la saison sont en vitrine ce vendredi.",
        "Un torchon en lin, un pain de campagne, et votre petit-déjeuner est prêt pour trois jours.",
    ],
}
# The same instagram, written by someone else: tu, slang, emoji, exclamation marks, hard sell.
FR_DRIFTED = [
    "Coucou la team 😍🥖 tu vas kiffer la nouvelle fougasse, fonce en boutique !!!",
    "Trop hâte de te montrer notre brioche de ouf 🤩🔥 viens la goûter ce week-end !!",
    "Toi aussi t'es team croûte bien cuite ?? 😂🥐 dis-nous tout en commentaire !!",
    "Grosse promo ce samedi 💥 -20 % sur les viennoiseries, profite vite avant qu'il y en ait plus !!!",
    "Ton dimanche parfait = pain perdu + café + ta couette 😎☕ franchement t'as rien de mieux à faire",
    "On t'attend au fournil demain, ramène tes potes 🙌🙌 ça va être trop bien !!",
]

EN_APPROVED = [
    "We just unpacked this year's first flush Darjeeling and the whole shop smells like apricots. Come and have a sniff.",
    "Steeping tip: green tea likes water a little below boiling, around 80°C. Too hot and it turns bitter.",
    "Our Saturday tasting is back! Pull up a stool, we'll pour three oolongs and tell you where they're from.",
    "You asked, we listened: the chai blend now comes in a refill pouch, so you can keep your old tin.",
    "Rainy Tuesday? We've got the kettle on and the scones are still warm 🫖",
    "Meet Priya, who blends our chai by hand every Monday. She says the secret is fresh cardamom, not more of it.",
    "We're closed on Sunday for a family wedding. See you Monday with fresh cake and a lot of stories.",
    "Not sure where to start with loose leaf? Tell us what you usually drink and we'll find you a match.",
    "The new mugs from our potter friend down the road are here, and they hold exactly one good cup.",
    "Thanks for the lovely notes after our tea and poetry evening. We'll do another one in spring.",
    "Cold brew season: pop two spoons of sencha in a jar of water, leave it overnight, done.",
    "We buy directly from four small gardens, and we'll happily tell you the story behind every leaf.",
]

EN_CALENDAR = {
    "instagram": [
        "Fresh batch of our smoky lapsang just landed. It tastes like a campfire in the best way.",
        "We've been brewing hibiscus iced tea all week and honestly can't stop. Try a glass next time you pop in!",
        "Sunday reading corner: a pot of Assam, a good book, and that chair by the window nobody wants to leave.",
        "Our matcha whisks are back in stock. Ask us for a quick demo, we love showing off.",
        "Look at the colour of this oolong after the third steep. Still going strong 🍵",
        "We tried six honeys with our breakfast blend so you don't have to. The heather one won, easily.",
    ],
    "facebook": [
        "Heads up: the shop opens at 11 this Thursday while we repaint the front. We'll have the kettle on by then.",
        "We're hosting a beginners' tea tasting on the 12th. It's free, just let us know you're coming so we save you a seat.",
        "Lost a blue scarf in the shop last week? It's waiting for you behind the counter.",
        "Our loyalty cards now work for refills too. Bring your tin back and we'll stamp it.",
        "We're looking for someone to help out on Saturdays. If you love tea and chatting with people, drop us a message.",
        "Thank you to everyone who came to the spring market. We ran out of scones by noon, so we'll bake more next time.",
    ],
    "linkedin": [
        "We've been working with the same four tea gardens for six years now, and we visited two of them this spring. Here's what we learned.",
        "Our team grew to five this year. We're proud that everyone who joins learns to taste and blend, not just to sell.",
        "We switched all our packaging to compostable pouches. It took a while to find ones that keep tea fresh, but we got there.",
        "Small shops can still buy directly from growers. We wrote down how we do it, in case it helps another independent.",
        "We're hiring a part-time blender. You don't need experience, just a good nose and a lot of curiosity.",
        "This year we paid our growers 20% above the market price. We think good tea should pay the people who grow it.",
    ],
}
# The same LinkedIn, written by someone else: a stiff corporate persona.
EN_DRIFTED = [
    "Kettle & Leaf Ltd. is pleased to announce the strategic expansion of its premium beverage portfolio, effective from the third quarter of the current fiscal year.",
    "In accordance with our corporate sustainability framework, the organisation has implemented a comprehensive optimisation of its packaging procurement processes.",
    "The company hereby informs stakeholders that operational hours will be subject to modification during the forthcoming refurbishment period.",
    "Kettle & Leaf Ltd. continues to leverage synergies across its supply chain in order to maximise value creation for its shareholders and partners.",
    "Applications are invited for the position of Retail Operations Associate. Candidates must demonstrate substantial experience in customer relationship management.",
    "Following a thorough evaluation of market conditions, management has resolved to implement a revised pricing structure across all product categories.",
]

# The same instagram in a familiar register, nothing else: tu, negations without "ne", "faut" and
# "y a" without "il", "ça" (no emoji, no exclamation mark).
FR_FAMILIAR = [
    "Le pain de seigle sort du four, et y a pas mieux : une croûte sombre, une mie dense, ça sent la noisette.",
    "Notre levain, on le nourrit tous les matins depuis douze ans, faut pas le laisser tomber.",
    "La brioche tressée de la semaine, avec un beurre de la Bresse. Tu la trouves en boutique jusqu'à samedi, faut pas traîner.",
    "Coulisses du fournil : on façonne les baguettes à la main, une à une, à 4 h du matin, c'est pas une blague.",
    "Les premières fougasses aux olives de la saison sont en vitrine ce vendredi, tu vas pas le regretter.",
    "Un torchon en lin, un pain de campagne, et ton petit-déjeuner est prêt pour trois jours, y a rien de plus simple.",
]
# The same instagram typed by someone else: curly apostrophes and guillemets where the brand types
# straight ones and none (the persona traits barely move; the wording does).
FR_TYPOGRAPHY = [
    "Aujourd’hui, l’équipe du fournil vous présente la « tourte d’automne », au seigle et aux noix.",
    "C’est l’heure de la fournée du soir : vous trouverez l’épeautre et le « pain d’hiver » jusqu’à 19 h.",
    "Nous avons goûté l’huile d’olive d’un nouveau moulin : elle entre lundi dans la « fougasse d’Émile ».",
    "L’atelier « pain d’épices » affiche complet ; nous vous prévenons dès qu’une place s’ouvre.",
    "Qu’est-ce qu’un bon levain ? Nous l’expliquons samedi, à l’atelier d’initiation du fournil.",
    "D’après nos clients, la « miche d’Arnaud » est la meilleure de l’année ; nous n’en dirons pas plus.",
]
# The same instagram in tu, nothing else (a platform where tu is expected by design).
FR_TU = [
    "Le pain de seigle sort du four : tu vas adorer sa croûte sombre et sa mie dense.",
    "Notre levain, nourri ce matin comme chaque jour depuis douze ans. Tu veux le voir ? Passe au fournil.",
    "La brioche tressée de la semaine, avec un beurre de la Bresse. Tu la trouveras en boutique jusqu'à samedi.",
    "Coulisses du fournil : nous façonnons les baguettes à la main, une à une, à 4 h du matin. Tu les goûtes quand ?",
    "Les premières fougasses aux olives de la saison t'attendent en vitrine ce vendredi.",
    "Un torchon en lin, un pain de campagne, et ton petit-déjeuner est prêt pour trois jours.",
]
# The same LinkedIn in a casual register: contractions and casual words (no emoji, no "!").
EN_CASUAL = [
    "Yep, we've been working with the same four tea gardens for six years and it's gonna be seven soon. Here's the stuff we learned.",
    "Our team's five people now, which is kinda awesome. Everybody who joins learns to taste and blend, not just sell, ya know.",
    "We've switched to compostable pouches, yay. Took forever to find ones that don't let the tea go stale, but we're there.",
    "Small shops can totally still buy from growers. We wrote down how we do it, pls share it with any indie shop you love.",
    "We're hiring a part-time blender, woohoo. Don't need experience, just a good nose and tons of curiosity, thx.",
    "This year we paid our growers 20% over market price. Good tea's gotta pay the folks who grow it, ok?",
]
# The same LinkedIn, written by someone else: a stiff corporate persona (the company in the third
# person, nominal style, long sentences, no "nous", no "vous").
FR_CORPORATE = [
    "La société Fournil des Pentes SAS a le plaisir d'annoncer l'élargissement stratégique de sa gamme de produits de boulangerie à compter du troisième trimestre de l'exercice en cours.",
    "Conformément à sa politique de responsabilité sociétale, l'entreprise a procédé à une optimisation globale de ses processus d'approvisionnement en matières premières.",
    "La direction informe l'ensemble des parties prenantes que les horaires d'exploitation feront l'objet d'une modification durant la période de rénovation des locaux.",
    "L'établissement poursuit la valorisation des synergies de sa chaîne logistique en vue de maximiser la création de valeur pour ses partenaires commerciaux.",
    "Un poste d'opérateur de production en boulangerie est à pourvoir. Le candidat devra justifier d'une expérience significative dans le secteur agroalimentaire.",
    "À l'issue d'une évaluation approfondie des conditions de marché, la direction a décidé la mise en œuvre d'une grille tarifaire révisée pour l'ensemble des références.",
]
# The same Instagram, written by someone else: slang, emoji, exclamation marks, hard sell.
EN_SLANGY = [
    "omg guys 😍🔥 u HAVE to try our new lapsang, it's literally insane!!! grab it now!!",
    "hibiscus iced tea szn is here 🌺🧊 ngl we're obsessed lol, come get ur glass asap!!",
    "lazy sunday vibes 😎☕ assam + a comfy chair = perfection, don't @ us 😂😂",
    "matcha whisks r back baby 🍵🙌 crazy deal this week only, shop now before they're gone!!!",
    "this oolong after 3 steeps tho 🤯🔥 still slaps, no cap",
    "we tried like 6 honeys w our breakfast blend lmao 🍯😂 heather one wins hands down, go go go!!",
]
_SWAPS = {
    ("fr", "persona"): ("instagram", FR_DRIFTED), ("fr", "familiar"): ("instagram", FR_FAMILIAR),
    ("fr", "typography"): ("instagram", FR_TYPOGRAPHY), ("fr", "tu"): ("instagram", FR_TU),
    ("en", "persona"): ("linkedin", EN_DRIFTED), ("en", "casual"): ("linkedin", EN_CASUAL),
    ("fr", "corporate"): ("linkedin", FR_CORPORATE), ("en", "slangy"): ("instagram", EN_SLANGY),
}

FR_PROFILE = {
    "name": "Fournil des Pentes", "id": "fournil", "language": "fr",
    "voice": {"address": "vous", "person": "nous", "formality": 0.6, "examples": FR_APPROVED},
    "platforms": {"linkedin": {"formality_delta": 0.1}},
}
EN_PROFILE = {
    "name": "Kettle & Leaf", "id": "kettle-leaf", "language": "en",
    "voice": {"person": "we", "formality": 0.4, "examples": EN_APPROVED},
}


def calendar(lang: str, drifted: bool, variant: str = "persona") -> list[dict]:
    """Rows of a calendar: platform, author, date, text (the drifted platform swapped in: the
    ``variant`` of :data:`_SWAPS`)."""
    cal = FR_CALENDAR if lang == "fr" else EN_CALENDAR
    swap = _SWAPS[(lang, variant)]
    rows = []
    for platform, texts in cal.items():
        if drifted and platform == swap[0]:
            texts = swap[1]
        for i, text in enumerate(texts):
            rows.append({"id": f"{platform}-{i + 1}", "platform": platform,
                         "date": f"2025-0{1 + i % 3}-1{i}", "text": text})
    return rows


def write_calendar(folder: Path, lang: str, drifted: bool) -> Path:
    path = folder / f"calendar-{lang}{'-drifted' if drifted else ''}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in calendar(lang, drifted)),
                    encoding="utf-8")
    return path


def write_profile(folder: Path, lang: str) -> Path:
    import yaml
    path = folder / f"brand-{lang}.yaml"
    path.write_text(yaml.safe_dump(FR_PROFILE if lang == "fr" else EN_PROFILE, allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    return path
