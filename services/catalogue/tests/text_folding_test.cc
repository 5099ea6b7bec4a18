#include "services/catalogue/domain/text_folding.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parcours::catalogue {
namespace {

using ::testing::ElementsAre;

TEST(FoldFrenchTest, FoldsCaseAndAccents) {
  EXPECT_EQ(FoldFrench("Mobilité"), "mobilite");
  EXPECT_EQ(FoldFrench("MOBILITÉ"), "mobilite");
  EXPECT_EQ(FoldFrench("Garçon à l'ÉCOLE"), "garcon a l ecole");
  EXPECT_EQ(FoldFrench("âàäéèêëîïôöùûüÿç"), "aaaeeeeiioouuuyc");
  EXPECT_EQ(FoldFrench("ÂÀÄÉÈÊËÎÏÔÖÙÛÜŸÇ"), "aaaeeeeiioouuuyc");
}

TEST(FoldFrenchTest, ExpandsLigatures) {
  EXPECT_EQ(FoldFrench("Œuvre cœur Æsope"), "oeuvre coeur aesope");
  EXPECT_EQ(FoldFrench("Straße"), "strasse");
}

TEST(FoldFrenchTest, PunctuationAndTypographicSpacesSeparateWords) {
  // ’ (U+2019), — (U+2014), « » and a no-break space (U+00A0) each become one space.
  EXPECT_EQ(FoldFrench("d’emploi—«\xC2\xA0oui\xC2\xA0»"), "d emploi   oui  ");
}

TEST(FoldFrenchTest, InvalidUtf8BecomesSeparatorAndNeverLoops) {
  EXPECT_EQ(FoldFrench("ab\xFF"
                       "cd"),
            "ab cd");
  EXPECT_EQ(FoldFrench("ab\xC3"), "ab ");   // truncated sequence
  EXPECT_EQ(FoldFrench("\xE2\x82"), "  ");  // truncated, two stray bytes
}

TEST(FoldFrenchTest, KeepsOtherScripts) {
  EXPECT_EQ(FoldFrench("Привет"), "Привет");  // not folded, but kept as one word
}

TEST(TokenizeTest, DropsStopWordsAndSingleLetters) {
  EXPECT_THAT(Tokenize("Aide à la garde d’enfants et l'accès aux droits"),
              ElementsAre("aide", "garde", "enfants", "acces", "droits"));
}

TEST(TokenizeTest, EmptyAndOnlyStopWords) {
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize("de la, et les").empty());
}

}  // namespace
}  // namespace parcours::catalogue
