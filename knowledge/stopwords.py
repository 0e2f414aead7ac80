"""Folded stopwords of French and English, for language detection and indexing."""

FRENCH_WORDS = """
a au aux avec ce ces cet cette c ca d dans de des du elle elles en et est etre eu il ils
j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ou
par pas pour qu que qui s sa se ses son sur t ta te tes toi ton tu un une vos votre vous
y ai as avons avez ont suis es sommes etes sont etait etais ete fait faire peut peux puis
plus tres tout tous toute toutes bien aussi comme donc alors si sans sous chez vers depuis
deja encore ici quand comment pourquoi quoi quel quelle quels quelles dont cela ceci
celui celle ceux avoir sera serait seraient ya
bonjour bonsoir salut merci svp stp cordialement
"""

ENGLISH_WORDS = """
a an and are as at be been but by can could did do does for from had has have how i if
in into is it its me my no not of on or our so than that the their them then there these
they this to was we were what when where which who why will with would you your yours
am get got just also any all some about after before should shall may might must
hi hello thanks thank please regards cheers
"""

FRENCH = frozenset(FRENCH_WORDS.split())
ENGLISH = frozenset(ENGLISH_WORDS.split())
