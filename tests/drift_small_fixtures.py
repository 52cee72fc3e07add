"""Small hand-written profiles for the drift tests of issue 13: the set-up a team starts with (a
profile written by hand with a few ``voice.examples``), and a calendar where one platform was
written in another voice. Every text was written for these tests."""
from __future__ import annotations

# English: a neighbourhood café and shop, speaking as "we", casual and warm.
EN_EXAMPLES = [
    "We love hearing from you. Our team is here to help, every day of the week.",
    "Thanks for the kind words! We're glad the new app works well for you.",
    "We've added a dark mode. Let us know what you think of it.",
    "Good morning! Our shop opens at nine today, see you there.",
    "We hope your weekend is off to a great start. Come say hi at the market!",
    "We baked too many cinnamon buns again, so the last ones are on us this afternoon.",
    "Our little reading corner has three new armchairs. Come and try them with a latte.",
]

# On-voice posts for X.
EN_X = [
    "We just restocked the blue mugs, come grab one before they're gone!",
    "Thanks for stopping by the market today, we had a blast!",
    "Our new playlist for the weekend is up. Let us know your favourite song.",
    "We're closed on Monday for a team day. See you Tuesday!",
    "Rainy day? We've got hot cocoa waiting for you at the shop.",
    "We love seeing your photos with our tote bags, keep them coming!",
    "Big thanks to everyone who joined our workshop last night.",
    "We're hiring a barista! Send us a message if you're interested.",
    "Our autumn menu starts tomorrow. Pumpkin everything, we promise.",
    "We'll be at the harbour festival this Saturday, come say hello!",
    "Happy Friday! What are your plans for the weekend? We're baking.",
    "We fixed the bug in the app, thanks for your patience everyone.",
    "New stickers just arrived, we think you'll love them.",
    "Our team picked their favourite books of the month, check them out.",
    "We're so grateful for this community. Thank you for a great year!",
    "Don't forget: free delivery this week on all orders over ten euros.",
    "We tried a new recipe today and honestly it's our best cookie yet.",
    "Thanks for all your messages, we read every single one of them.",
    "We've got a little surprise coming next week. Stay tuned!",
    "Our garden is blooming! Come sit outside with a coffee this afternoon.",
]

# LinkedIn written in a stiff corporate voice: formal, no "we", no "you".
EN_LINKEDIN_STIFF = [
    "The organisation is pleased to announce the appointment of a new Chief Financial Officer, effective immediately.",
    "Stakeholders are hereby informed that the annual general meeting shall be convened on the fifteenth of March.",
    "The company has achieved a significant increase in operational efficiency during the third quarter.",
    "Management remains committed to the implementation of a comprehensive sustainability framework.",
    "The board of directors has approved the strategic plan for the forthcoming fiscal year.",
    "It is anticipated that the restructuring will deliver substantial synergies across all business units.",
    "The corporation wishes to acknowledge the contribution of its partners to this successful outcome.",
    "Further information regarding the dividend policy is available in the investor relations section.",
    "The enterprise continues to pursue disciplined capital allocation in accordance with its guidelines.",
    "Participation in the industry conference underscores the firm's commitment to thought leadership.",
    "The executive committee has reviewed the governance arrangements in light of regulatory developments.",
    "Quarterly results demonstrate the resilience of the business model in a challenging environment.",
    "The group is pleased to confirm the successful completion of the acquisition announced previously.",
    "All personnel are required to complete the mandatory compliance training prior to the deadline.",
    "The organisation maintains rigorous standards with respect to data protection and confidentiality.",
]

# French: a bicycle workshop in town, vous and nous, plain and helpful.
FR_EXAMPLES = [
    "Nous réparons votre vélo en 48 heures, pièces comprises, et nous vous prévenons dès qu'il est prêt.",
    "Vous hésitez entre un vélo de ville et un vélo pliant ? Passez à l'atelier, nous vous les faisons essayer.",
    "Notre atelier sera fermé le 1er mai. Nous vous retrouvons dès le lendemain, à 9 heures.",
    "Pensez à vérifier la pression de vos pneus avant l'hiver : nous le faisons gratuitement à l'atelier.",
    "Nous avons reçu les nouveaux antivols en U. Vous les trouverez en boutique, à côté des casques.",
    "Merci pour vos messages après la balade de dimanche : nous en organiserons une autre en juin.",
    "Nos mécaniciens vous expliquent comment régler vos freins sur notre site, en trois étapes.",
]

# On-voice posts for X.
FR_X = [
    "Nous proposons désormais un contrôle complet de votre vélo électrique, batterie comprise.",
    "Vous partez en vacances à vélo ? Nous vous prêtons des sacoches pour la semaine.",
    "Notre atelier accueille un nouvel apprenti mécanicien. Vous le croiserez au comptoir le samedi.",
    "Les chambres à air de toutes les tailles sont de retour en boutique. Nous vous conseillons sur place.",
    "Nous organisons un atelier de réparation gratuit jeudi soir : apportez votre vélo et vos questions.",
    "Vous pouvez réserver votre créneau de révision en ligne ; nous vous confirmons l'heure par message.",
    "Cette semaine, nous remplaçons les chaînes usées à prix coûtant. Il suffit de passer à l'atelier.",
    "Nous avons testé trois éclairages avant pour l'hiver. Nos conclusions sont en ligne.",
    "La boutique ouvre exceptionnellement dimanche matin pour la fête du quartier. Nous vous attendons.",
    "Vous nous demandez souvent comment ranger un vélo en appartement : voici nos trois solutions.",
    "Nous recyclons vos vieux pneus et vos chambres à air. Déposez-les simplement en boutique.",
    "Nos vélos de location sont révisés chaque semaine. Vous pouvez les réserver pour une journée ou un mois.",
    "Merci à toutes les personnes venues à la bourse aux vélos : nous avons trouvé preneur pour quarante vélos.",
    "Nous vous rappelons que le marquage antivol est obligatoire pour les vélos neufs. Nous le faisons sur place.",
    "Un grincement au pédalier ? Nous vous expliquons d'où il vient et comment le faire disparaître.",
]

# Instagram drifted to tu, slang, emoji and exclamation marks.
FR_INSTAGRAM_DRIFTED = [
    "Salut toi 😎🚲 t'as vu nos nouveaux casques ?? fonce, y en aura pas pour tout le monde !!",
    "Ton vélo fait un bruit chelou ? 😂 ramène-le, on te le répare vite fait, promis !!",
    "Grosse promo ce week-end 🔥🔥 -30 % sur les antivols, profite avant qu'il en reste plus !!!",
    "Tu roules encore avec des pneus lisses ?? 😱 sérieux, faut passer à l'atelier là !!",
    "Trop stylé le nouveau vélo cargo 🤩 viens le tester, tu vas kiffer grave !!",
    "T'es plutôt team vélo pliant ou team vélo de ville ? 🤔 dis-nous tout en com !!",
    "Ça te dit une balade dimanche ? 🌞🚴 ramène tes potes, ça va être ouf !!",
    "Franchement ton dérailleur mérite mieux 😅 passe nous voir, c'est pas cher !!",
    "Nouveau stock de sonnettes rigolotes 🛎️😂 t'en as forcément besoin, crois-moi !!",
    "Y a des paniers en osier trop mignons en boutique 😍 cours les voir avant samedi !!",
    "Ta chaîne rouille ? 🙈 t'inquiète, on gère ça en dix minutes chrono !!",
    "Qui c'est qui a le vélo le plus stylé du quartier ? 😎 toi, si tu passes chez nous !!",
]
