// French text folding for search: lower-case, accents stripped, ligatures expanded, so
// that "Mobilité", "MOBILITE" and "mobilite" are one word; and tokenization into the words
// the search index stores (stop words such as "de", "la", "les" dropped).
//
//   FoldFrench("Garde d’enfants — Œuvre")  == "garde d enfants   oeuvre"
//   Tokenize("Garde d’enfants — Œuvre")    == {"garde", "enfants", "oeuvre"}
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_TEXT_FOLDING_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_TEXT_FOLDING_H_

#include <string>
#include <string_view>
#include <vector>

namespace parcours::catalogue {

// Lower-cases ASCII, maps accented Latin letters to their base letter (é→e, ç→c, œ→oe,
// æ→ae, ß→ss), and replaces every non-alphanumeric character (punctuation, apostrophes,
// dashes, spaces of any kind, invalid UTF-8) by one ASCII space each. Other letters
// (non-Latin scripts) are kept as they are.
std::string FoldFrench(std::string_view text);

// The searchable words of `text`: folded, split on spaces, without stop words and
// one-character words, in order of appearance (duplicates kept).
std::vector<std::string> Tokenize(std::string_view text);

// True for the French (and a few English) words too common to search for.
bool IsStopWord(std::string_view folded_word);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_TEXT_FOLDING_H_
