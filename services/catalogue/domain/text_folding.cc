#include "services/catalogue/domain/text_folding.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace parcours::catalogue {
namespace {

// Decodes one UTF-8 code point at `i`, advancing `i`; returns -1 for an invalid sequence
// (and advances by one byte, so decoding always progresses).
int32_t DecodeUtf8(std::string_view s, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t b0 = byte(i);
  int len = 0;
  int32_t cp = 0;
  if (b0 < 0x80) {
    ++i;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++i;
    return -1;
  }
  if (i + len > s.size()) {
    ++i;
    return -1;
  }
  for (int k = 1; k < len; ++k) {
    const uint8_t b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

// The folding of the Latin-1 Supplement letters U+00C0..U+00FF (index cp - 0xC0); "" for
// the two signs in that range (× and ÷), which separate words.
constexpr std::array<const char*, 64> kLatin1 = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // C0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0
};

// Latin Extended-A letters French and its neighbours use; nullptr when not folded here.
const char* FoldExtendedA(int32_t cp) {
  switch (cp) {
    case 0x152:
    case 0x153:
      return "oe";  // Œ œ
    case 0x178:
      return "y";  // Ÿ
    case 0x100:
    case 0x101:
    case 0x102:
    case 0x103:
    case 0x104:
    case 0x105:
      return "a";
    case 0x106:
    case 0x107:
    case 0x10C:
    case 0x10D:
      return "c";
    case 0x112:
    case 0x113:
    case 0x116:
    case 0x117:
    case 0x118:
    case 0x119:
    case 0x11A:
    case 0x11B:
      return "e";
    case 0x12A:
    case 0x12B:
    case 0x12E:
    case 0x12F:
    case 0x130:
    case 0x131:
      return "i";
    case 0x141:
    case 0x142:
      return "l";
    case 0x143:
    case 0x144:
    case 0x147:
    case 0x148:
      return "n";
    case 0x14C:
    case 0x14D:
    case 0x150:
    case 0x151:
      return "o";
    case 0x158:
    case 0x159:
      return "r";
    case 0x15A:
    case 0x15B:
    case 0x15E:
    case 0x15F:
    case 0x160:
    case 0x161:
      return "s";
    case 0x162:
    case 0x163:
    case 0x164:
    case 0x165:
      return "t";
    case 0x16A:
    case 0x16B:
    case 0x16E:
    case 0x16F:
    case 0x170:
    case 0x171:
    case 0x172:
    case 0x173:
      return "u";
    case 0x179:
    case 0x17A:
    case 0x17B:
    case 0x17C:
    case 0x17D:
    case 0x17E:
      return "z";
    default:
      return nullptr;
  }
}

bool IsSeparatorCodePoint(int32_t cp) {
  return cp < 0 || (cp >= 0x80 && cp <= 0xBF) ||  // controls, NBSP, «, », °, ·, ¿ …
         cp == 0xD7 || cp == 0xF7 ||              // × ÷
         (cp >= 0x2000 && cp <= 0x206F) ||        // general punctuation: ’ – — … spaces
         cp == 0x202F || cp == 0x3000 || cp == 0xFEFF;
}

void AppendUtf8(std::string& out, int32_t cp) {
  if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  }
  out += static_cast<char>(0x80 | (cp & 0x3F));
}

}  // namespace

std::string FoldFrench(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const int32_t cp = DecodeUtf8(text, i);
    if (cp >= 0 && cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        out += static_cast<char>(c - 'A' + 'a');
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out += c;
      } else {
        out += ' ';
      }
    } else if (IsSeparatorCodePoint(cp)) {
      out += ' ';
    } else if (cp >= 0xC0 && cp <= 0xFF) {
      const char* folded = kLatin1[cp - 0xC0];
      out += (*folded == '\0') ? " " : folded;
    } else if (const char* folded = FoldExtendedA(cp); folded != nullptr) {
      out += folded;
    } else {
      AppendUtf8(out, cp);
    }
  }
  return out;
}

bool IsStopWord(std::string_view w) {
  // Sorted, for binary search.
  static constexpr std::array<std::string_view, 44> kStopWords = {
      "and", "au",   "aux", "avec", "ce",  "ces",  "dans", "de",   "des",  "du",    "elle",
      "en",  "est",  "et",  "for",  "il",  "la",   "le",   "les",  "leur", "leurs", "lui",
      "ne",  "nous", "of",  "on",   "ou",  "par",  "pas",  "pour", "qu",   "que",   "qui",
      "sa",  "sans", "se",  "ses",  "son", "sont", "sur",  "the",  "to",   "un",    "une"};
  return std::binary_search(kStopWords.begin(), kStopWords.end(), w);
}

std::vector<std::string> Tokenize(std::string_view text) {
  const std::string folded = FoldFrench(text);
  std::vector<std::string> words;
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && folded[i] == ' ') ++i;
    size_t j = i;
    while (j < folded.size() && folded[j] != ' ') ++j;
    if (j - i > 1) {
      std::string_view word(folded.data() + i, j - i);
      if (!IsStopWord(word)) words.emplace_back(word);
    }
    i = j;
  }
  return words;
}

}  // namespace parcours::catalogue
