/*
 * detect.c - language detection from script and common words, and the
 * Unicode character classes the scraped-page reader shares (see detect.h).
 *
 * Classification of code points comes from utf8proc; scripts are told by
 * code point ranges. The common-word table is sorted by bytes so that a
 * lookup is a binary search (the unit tests check the order). Does not
 * allocate, does not know about pages or assets, and is not a general
 * language identifier: it separates the languages a ministry site publishes
 * in and says "unsure" for the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "pressroom/utf8.h"
#include "detect.h"
#include "pressroom/banned.h"

#define DETECT_WORD_MAX 32	/* longer words are no common words */
#define DETECT_MIN_LETTERS 10	/* fewer letters: too little text to judge */

struct detect_word {
	const char *w;	/* lower case, UTF-8 */
	unsigned flags;	/* enum import_word_flag */
};

/*
 * The commonest words of each language, and words that never begin a
 * speaker's name. Generated sorted (strcmp order); keep it so.
 */
static const struct detect_word detect_words[] = {
	{ "a", IMPORT_WORD_EN | IMPORT_WORD_ES |
	    IMPORT_WORD_IT | IMPORT_WORD_PT },
	{ "aan", IMPORT_WORD_NL },
	{ "abbiamo", IMPORT_WORD_IT },
	{ "aber", IMPORT_WORD_DE },
	{ "about", IMPORT_WORD_EN },
	{ "agenda", IMPORT_WORD_NOTNAME },
	{ "ai", IMPORT_WORD_IT },
	{ "al", IMPORT_WORD_ES | IMPORT_WORD_IT },
	{ "all", IMPORT_WORD_EN },
	{ "alla", IMPORT_WORD_IT },
	{ "als", IMPORT_WORD_DE | IMPORT_WORD_NL },
	{ "also", IMPORT_WORD_EN },
	{ "am", IMPORT_WORD_DE },
	{ "an", IMPORT_WORD_EN | IMPORT_WORD_DE },
	{ "anche", IMPORT_WORD_IT },
	{ "and", IMPORT_WORD_EN },
	{ "any", IMPORT_WORD_EN },
	{ "ao", IMPORT_WORD_PT },
	{ "aos", IMPORT_WORD_PT },
	{ "are", IMPORT_WORD_EN },
	{ "as", IMPORT_WORD_EN | IMPORT_WORD_PT },
	{ "at", IMPORT_WORD_EN },
	{ "attention", IMPORT_WORD_NOTNAME },
	{ "até", IMPORT_WORD_PT },
	{ "au", IMPORT_WORD_FR },
	{ "auch", IMPORT_WORD_DE },
	{ "auf", IMPORT_WORD_DE },
	{ "aus", IMPORT_WORD_DE },
	{ "aussi", IMPORT_WORD_FR },
	{ "aux", IMPORT_WORD_FR },
	{ "avec", IMPORT_WORD_FR },
	{ "avons", IMPORT_WORD_FR },
	{ "background", IMPORT_WORD_NOTNAME },
	{ "be", IMPORT_WORD_EN },
	{ "been", IMPORT_WORD_EN },
	{ "bei", IMPORT_WORD_DE },
	{ "beste", IMPORT_WORD_NOTNAME },
	{ "bij", IMPORT_WORD_NL },
	{ "bis", IMPORT_WORD_DE },
	{ "but", IMPORT_WORD_EN },
	{ "by", IMPORT_WORD_EN },
	{ "can", IMPORT_WORD_EN },
	{ "caras", IMPORT_WORD_NOTNAME },
	{ "care", IMPORT_WORD_NOTNAME },
	{ "cari", IMPORT_WORD_NOTNAME },
	{ "caros", IMPORT_WORD_NOTNAME },
	{ "ce", IMPORT_WORD_FR },
	{ "cette", IMPORT_WORD_FR },
	{ "che", IMPORT_WORD_IT },
	{ "chers", IMPORT_WORD_NOTNAME },
	{ "chères", IMPORT_WORD_NOTNAME },
	{ "ci", IMPORT_WORD_IT },
	{ "colleagues", IMPORT_WORD_NOTNAME },
	{ "com", IMPORT_WORD_PT },
	{ "come", IMPORT_WORD_IT },
	{ "comme", IMPORT_WORD_FR },
	{ "como", IMPORT_WORD_ES | IMPORT_WORD_PT },
	{ "con", IMPORT_WORD_ES | IMPORT_WORD_IT },
	{ "conclusion", IMPORT_WORD_NOTNAME },
	{ "contra", IMPORT_WORD_ES },
	{ "cuando", IMPORT_WORD_ES },
	{ "cui", IMPORT_WORD_IT },
	{ "d", IMPORT_WORD_FR | IMPORT_WORD_IT },
	{ "da", IMPORT_WORD_IT | IMPORT_WORD_PT },
	{ "dal", IMPORT_WORD_IT },
	{ "dalla", IMPORT_WORD_IT },
	{ "damen", IMPORT_WORD_NOTNAME },
	{ "dames", IMPORT_WORD_NOTNAME },
	{ "dan", IMPORT_WORD_NL },
	{ "dans", IMPORT_WORD_FR },
	{ "das", IMPORT_WORD_DE | IMPORT_WORD_PT },
	{ "dass", IMPORT_WORD_DE },
	{ "dat", IMPORT_WORD_NL },
	{ "de", IMPORT_WORD_FR | IMPORT_WORD_ES |
	    IMPORT_WORD_PT | IMPORT_WORD_NL },
	{ "dear", IMPORT_WORD_NOTNAME },
	{ "degli", IMPORT_WORD_IT },
	{ "dei", IMPORT_WORD_IT },
	{ "del", IMPORT_WORD_ES | IMPORT_WORD_IT },
	{ "della", IMPORT_WORD_IT },
	{ "delle", IMPORT_WORD_IT },
	{ "dem", IMPORT_WORD_DE },
	{ "den", IMPORT_WORD_DE },
	{ "depois", IMPORT_WORD_PT },
	{ "der", IMPORT_WORD_DE },
	{ "des", IMPORT_WORD_DE | IMPORT_WORD_FR },
	{ "desde", IMPORT_WORD_ES },
	{ "deze", IMPORT_WORD_NL },
	{ "di", IMPORT_WORD_IT },
	{ "die", IMPORT_WORD_DE | IMPORT_WORD_NL },
	{ "diese", IMPORT_WORD_DE },
	{ "do", IMPORT_WORD_EN | IMPORT_WORD_PT },
	{ "does", IMPORT_WORD_EN },
	{ "door", IMPORT_WORD_NL },
	{ "dos", IMPORT_WORD_ES | IMPORT_WORD_PT },
	{ "du", IMPORT_WORD_FR },
	{ "durante", IMPORT_WORD_ES },
	{ "durch", IMPORT_WORD_DE },
	{ "e", IMPORT_WORD_IT | IMPORT_WORD_PT },
	{ "een", IMPORT_WORD_NL },
	{ "ein", IMPORT_WORD_DE },
	{ "eine", IMPORT_WORD_DE },
	{ "einem", IMPORT_WORD_DE },
	{ "einen", IMPORT_WORD_DE },
	{ "einer", IMPORT_WORD_DE },
	{ "el", IMPORT_WORD_ES },
	{ "ele", IMPORT_WORD_PT },
	{ "elle", IMPORT_WORD_FR },
	{ "em", IMPORT_WORD_PT },
	{ "en", IMPORT_WORD_FR | IMPORT_WORD_ES | IMPORT_WORD_NL },
	{ "entre", IMPORT_WORD_FR | IMPORT_WORD_ES | IMPORT_WORD_PT },
	{ "er", IMPORT_WORD_DE | IMPORT_WORD_NL },
	{ "es", IMPORT_WORD_DE | IMPORT_WORD_ES },
	{ "ese", IMPORT_WORD_ES },
	{ "eso", IMPORT_WORD_ES },
	{ "essere", IMPORT_WORD_IT },
	{ "est", IMPORT_WORD_FR },
	{ "esta", IMPORT_WORD_ES },
	{ "este", IMPORT_WORD_ES },
	{ "estimadas", IMPORT_WORD_NOTNAME },
	{ "estimados", IMPORT_WORD_NOTNAME },
	{ "estos", IMPORT_WORD_ES },
	{ "está", IMPORT_WORD_ES | IMPORT_WORD_PT },
	{ "están", IMPORT_WORD_ES },
	{ "estão", IMPORT_WORD_PT },
	{ "et", IMPORT_WORD_FR },
	{ "fait", IMPORT_WORD_FR },
	{ "foi", IMPORT_WORD_PT },
	{ "for", IMPORT_WORD_EN },
	{ "friends", IMPORT_WORD_NOTNAME },
	{ "from", IMPORT_WORD_EN },
	{ "fue", IMPORT_WORD_ES },
	{ "für", IMPORT_WORD_DE },
	{ "geehrte", IMPORT_WORD_NOTNAME },
	{ "geehrter", IMPORT_WORD_NOTNAME },
	{ "geen", IMPORT_WORD_NL },
	{ "gentili", IMPORT_WORD_NOTNAME },
	{ "gentlemen", IMPORT_WORD_NOTNAME },
	{ "gli", IMPORT_WORD_IT },
	{ "good", IMPORT_WORD_NOTNAME },
	{ "ha", IMPORT_WORD_ES | IMPORT_WORD_IT },
	{ "haben", IMPORT_WORD_DE },
	{ "había", IMPORT_WORD_ES },
	{ "had", IMPORT_WORD_EN },
	{ "has", IMPORT_WORD_EN },
	{ "hasta", IMPORT_WORD_ES },
	{ "hat", IMPORT_WORD_DE },
	{ "have", IMPORT_WORD_EN },
	{ "hebben", IMPORT_WORD_NL },
	{ "heeft", IMPORT_WORD_NL },
	{ "hello", IMPORT_WORD_NOTNAME },
	{ "hemos", IMPORT_WORD_ES },
	{ "heren", IMPORT_WORD_NOTNAME },
	{ "herren", IMPORT_WORD_NOTNAME },
	{ "het", IMPORT_WORD_NL },
	{ "how", IMPORT_WORD_EN },
	{ "ich", IMPORT_WORD_DE },
	{ "il", IMPORT_WORD_FR | IMPORT_WORD_IT },
	{ "im", IMPORT_WORD_DE },
	{ "important", IMPORT_WORD_NOTNAME },
	{ "in", IMPORT_WORD_EN | IMPORT_WORD_DE |
	    IMPORT_WORD_IT | IMPORT_WORD_NL },
	{ "into", IMPORT_WORD_EN },
	{ "is", IMPORT_WORD_EN | IMPORT_WORD_NL },
	{ "isso", IMPORT_WORD_PT },
	{ "ist", IMPORT_WORD_DE },
	{ "it", IMPORT_WORD_EN },
	{ "its", IMPORT_WORD_EN },
	{ "já", IMPORT_WORD_PT },
	{ "kan", IMPORT_WORD_NL },
	{ "können", IMPORT_WORD_DE },
	{ "l", IMPORT_WORD_FR | IMPORT_WORD_IT },
	{ "la", IMPORT_WORD_FR | IMPORT_WORD_ES | IMPORT_WORD_IT },
	{ "ladies", IMPORT_WORD_NOTNAME },
	{ "las", IMPORT_WORD_ES },
	{ "le", IMPORT_WORD_FR | IMPORT_WORD_ES | IMPORT_WORD_IT },
	{ "les", IMPORT_WORD_FR },
	{ "leur", IMPORT_WORD_FR },
	{ "liebe", IMPORT_WORD_NOTNAME },
	{ "lieber", IMPORT_WORD_NOTNAME },
	{ "lo", IMPORT_WORD_ES | IMPORT_WORD_IT },
	{ "loro", IMPORT_WORD_IT },
	{ "los", IMPORT_WORD_ES },
	{ "ma", IMPORT_WORD_IT },
	{ "maar", IMPORT_WORD_NL },
	{ "mais", IMPORT_WORD_FR | IMPORT_WORD_PT },
	{ "man", IMPORT_WORD_DE },
	{ "mas", IMPORT_WORD_PT },
	{ "me", IMPORT_WORD_ES },
	{ "meer", IMPORT_WORD_NL },
	{ "mehr", IMPORT_WORD_DE },
	{ "mesdames", IMPORT_WORD_NOTNAME },
	{ "mesmo", IMPORT_WORD_PT },
	{ "messieurs", IMPORT_WORD_NOTNAME },
	{ "met", IMPORT_WORD_NL },
	{ "mit", IMPORT_WORD_DE },
	{ "molto", IMPORT_WORD_IT },
	{ "more", IMPORT_WORD_EN },
	{ "muito", IMPORT_WORD_PT },
	{ "muy", IMPORT_WORD_ES },
	{ "más", IMPORT_WORD_ES },
	{ "na", IMPORT_WORD_PT },
	{ "naar", IMPORT_WORD_NL },
	{ "nach", IMPORT_WORD_DE },
	{ "ne", IMPORT_WORD_FR },
	{ "nel", IMPORT_WORD_IT },
	{ "nella", IMPORT_WORD_IT },
	{ "ni", IMPORT_WORD_ES },
	{ "nicht", IMPORT_WORD_DE },
	{ "niet", IMPORT_WORD_NL },
	{ "no", IMPORT_WORD_ES | IMPORT_WORD_PT },
	{ "noch", IMPORT_WORD_DE },
	{ "nog", IMPORT_WORD_NL },
	{ "non", IMPORT_WORD_IT },
	{ "nos", IMPORT_WORD_FR | IMPORT_WORD_ES | IMPORT_WORD_PT },
	{ "nossa", IMPORT_WORD_PT },
	{ "nosso", IMPORT_WORD_PT },
	{ "nostra", IMPORT_WORD_IT },
	{ "nostro", IMPORT_WORD_IT },
	{ "not", IMPORT_WORD_EN },
	{ "note", IMPORT_WORD_NOTNAME },
	{ "notre", IMPORT_WORD_FR },
	{ "nous", IMPORT_WORD_FR },
	{ "nuestra", IMPORT_WORD_ES },
	{ "nuestro", IMPORT_WORD_ES },
	{ "nur", IMPORT_WORD_DE },
	{ "não", IMPORT_WORD_PT },
	{ "nós", IMPORT_WORD_PT },
	{ "o", IMPORT_WORD_PT },
	{ "oder", IMPORT_WORD_DE },
	{ "of", IMPORT_WORD_EN | IMPORT_WORD_NL },
	{ "om", IMPORT_WORD_NL },
	{ "on", IMPORT_WORD_EN },
	{ "only", IMPORT_WORD_EN },
	{ "ons", IMPORT_WORD_NL },
	{ "ont", IMPORT_WORD_FR },
	{ "onze", IMPORT_WORD_NL },
	{ "ook", IMPORT_WORD_NL },
	{ "op", IMPORT_WORD_NL },
	{ "or", IMPORT_WORD_EN },
	{ "os", IMPORT_WORD_PT },
	{ "other", IMPORT_WORD_EN },
	{ "ou", IMPORT_WORD_FR | IMPORT_WORD_PT },
	{ "our", IMPORT_WORD_EN },
	{ "over", IMPORT_WORD_NL },
	{ "par", IMPORT_WORD_FR },
	{ "para", IMPORT_WORD_ES | IMPORT_WORD_PT },
	{ "pas", IMPORT_WORD_FR },
	{ "pela", IMPORT_WORD_PT },
	{ "pelo", IMPORT_WORD_PT },
	{ "per", IMPORT_WORD_IT },
	{ "perché", IMPORT_WORD_IT },
	{ "pero", IMPORT_WORD_ES },
	{ "photo", IMPORT_WORD_NOTNAME },
	{ "più", IMPORT_WORD_IT },
	{ "plus", IMPORT_WORD_FR },
	{ "por", IMPORT_WORD_ES | IMPORT_WORD_PT },
	{ "pour", IMPORT_WORD_FR },
	{ "qu", IMPORT_WORD_FR },
	{ "quando", IMPORT_WORD_PT },
	{ "que", IMPORT_WORD_FR | IMPORT_WORD_ES | IMPORT_WORD_PT },
	{ "queridas", IMPORT_WORD_NOTNAME },
	{ "queridos", IMPORT_WORD_NOTNAME },
	{ "questa", IMPORT_WORD_IT },
	{ "questo", IMPORT_WORD_IT },
	{ "qui", IMPORT_WORD_FR },
	{ "sa", IMPORT_WORD_FR },
	{ "se", IMPORT_WORD_FR | IMPORT_WORD_ES | IMPORT_WORD_PT },
	{ "sehr", IMPORT_WORD_DE | IMPORT_WORD_NOTNAME },
	{ "sem", IMPORT_WORD_PT },
	{ "senhoras", IMPORT_WORD_NOTNAME },
	{ "senhores", IMPORT_WORD_NOTNAME },
	{ "ser", IMPORT_WORD_ES },
	{ "ses", IMPORT_WORD_FR },
	{ "seu", IMPORT_WORD_PT },
	{ "seus", IMPORT_WORD_PT },
	{ "señoras", IMPORT_WORD_NOTNAME },
	{ "señores", IMPORT_WORD_NOTNAME },
	{ "should", IMPORT_WORD_EN },
	{ "si", IMPORT_WORD_IT },
	{ "siamo", IMPORT_WORD_IT },
	{ "sich", IMPORT_WORD_DE },
	{ "sie", IMPORT_WORD_DE },
	{ "signore", IMPORT_WORD_NOTNAME },
	{ "signori", IMPORT_WORD_NOTNAME },
	{ "sin", IMPORT_WORD_ES },
	{ "sind", IMPORT_WORD_DE },
	{ "so", IMPORT_WORD_EN | IMPORT_WORD_DE },
	{ "sobre", IMPORT_WORD_ES },
	{ "son", IMPORT_WORD_FR | IMPORT_WORD_ES },
	{ "sono", IMPORT_WORD_IT },
	{ "sont", IMPORT_WORD_FR },
	{ "source", IMPORT_WORD_NOTNAME },
	{ "su", IMPORT_WORD_ES },
	{ "sua", IMPORT_WORD_PT },
	{ "subject", IMPORT_WORD_NOTNAME },
	{ "such", IMPORT_WORD_EN },
	{ "sul", IMPORT_WORD_IT },
	{ "sulla", IMPORT_WORD_IT },
	{ "summary", IMPORT_WORD_NOTNAME },
	{ "sur", IMPORT_WORD_FR },
	{ "sus", IMPORT_WORD_ES },
	{ "são", IMPORT_WORD_PT },
	{ "só", IMPORT_WORD_PT },
	{ "también", IMPORT_WORD_ES },
	{ "também", IMPORT_WORD_PT },
	{ "te", IMPORT_WORD_NL },
	{ "temos", IMPORT_WORD_PT },
	{ "than", IMPORT_WORD_EN },
	{ "thank", IMPORT_WORD_NOTNAME },
	{ "thanks", IMPORT_WORD_NOTNAME },
	{ "that", IMPORT_WORD_EN },
	{ "the", IMPORT_WORD_EN },
	{ "their", IMPORT_WORD_EN },
	{ "them", IMPORT_WORD_EN },
	{ "there", IMPORT_WORD_EN },
	{ "these", IMPORT_WORD_EN },
	{ "they", IMPORT_WORD_EN },
	{ "this", IMPORT_WORD_EN },
	{ "those", IMPORT_WORD_EN },
	{ "to", IMPORT_WORD_EN },
	{ "todo", IMPORT_WORD_ES },
	{ "topic", IMPORT_WORD_NOTNAME },
	{ "tot", IMPORT_WORD_NL },
	{ "tout", IMPORT_WORD_FR },
	{ "tra", IMPORT_WORD_IT },
	{ "très", IMPORT_WORD_FR },
	{ "uit", IMPORT_WORD_NL },
	{ "um", IMPORT_WORD_DE | IMPORT_WORD_PT },
	{ "uma", IMPORT_WORD_PT },
	{ "un", IMPORT_WORD_FR | IMPORT_WORD_ES | IMPORT_WORD_IT },
	{ "una", IMPORT_WORD_ES | IMPORT_WORD_IT },
	{ "und", IMPORT_WORD_DE },
	{ "une", IMPORT_WORD_FR },
	{ "uno", IMPORT_WORD_ES },
	{ "uns", IMPORT_WORD_DE },
	{ "unser", IMPORT_WORD_DE },
	{ "unsere", IMPORT_WORD_DE },
	{ "update", IMPORT_WORD_NOTNAME },
	{ "us", IMPORT_WORD_EN },
	{ "van", IMPORT_WORD_NL },
	{ "very", IMPORT_WORD_EN },
	{ "von", IMPORT_WORD_DE },
	{ "voor", IMPORT_WORD_NL },
	{ "vor", IMPORT_WORD_DE },
	{ "war", IMPORT_WORD_DE },
	{ "was", IMPORT_WORD_EN | IMPORT_WORD_NL },
	{ "wat", IMPORT_WORD_NL },
	{ "we", IMPORT_WORD_EN },
	{ "werd", IMPORT_WORD_NL },
	{ "werden", IMPORT_WORD_DE },
	{ "were", IMPORT_WORD_EN },
	{ "what", IMPORT_WORD_EN },
	{ "which", IMPORT_WORD_EN },
	{ "who", IMPORT_WORD_EN },
	{ "wie", IMPORT_WORD_DE },
	{ "wij", IMPORT_WORD_NL },
	{ "will", IMPORT_WORD_EN },
	{ "wir", IMPORT_WORD_DE },
	{ "wird", IMPORT_WORD_DE },
	{ "with", IMPORT_WORD_EN },
	{ "worden", IMPORT_WORD_NL },
	{ "wordt", IMPORT_WORD_NL },
	{ "would", IMPORT_WORD_EN },
	{ "wurde", IMPORT_WORD_DE },
	{ "y", IMPORT_WORD_FR | IMPORT_WORD_ES },
	{ "ya", IMPORT_WORD_ES },
	{ "zijn", IMPORT_WORD_NL },
	{ "zo", IMPORT_WORD_NL },
	{ "zu", IMPORT_WORD_DE },
	{ "zum", IMPORT_WORD_DE },
	{ "zur", IMPORT_WORD_DE },
	{ "à", IMPORT_WORD_FR | IMPORT_WORD_PT },
	{ "è", IMPORT_WORD_IT },
	{ "é", IMPORT_WORD_PT },
	{ "été", IMPORT_WORD_FR },
	{ "être", IMPORT_WORD_FR },
	{ "über", IMPORT_WORD_DE },
	{ "а", IMPORT_WORD_RU },
	{ "бы", IMPORT_WORD_RU },
	{ "был", IMPORT_WORD_RU },
	{ "было", IMPORT_WORD_RU },
	{ "быть", IMPORT_WORD_RU },
	{ "в", IMPORT_WORD_RU },
	{ "все", IMPORT_WORD_RU },
	{ "вы", IMPORT_WORD_RU },
	{ "господа", IMPORT_WORD_NOTNAME },
	{ "дамы", IMPORT_WORD_NOTNAME },
	{ "для", IMPORT_WORD_RU },
	{ "до", IMPORT_WORD_RU },
	{ "дорогие", IMPORT_WORD_NOTNAME },
	{ "дорогой", IMPORT_WORD_NOTNAME },
	{ "друзья", IMPORT_WORD_NOTNAME },
	{ "его", IMPORT_WORD_RU },
	{ "же", IMPORT_WORD_RU },
	{ "за", IMPORT_WORD_RU },
	{ "и", IMPORT_WORD_RU },
	{ "из", IMPORT_WORD_RU },
	{ "или", IMPORT_WORD_RU },
	{ "к", IMPORT_WORD_RU },
	{ "как", IMPORT_WORD_RU },
	{ "коллеги", IMPORT_WORD_NOTNAME },
	{ "которые", IMPORT_WORD_RU },
	{ "который", IMPORT_WORD_RU },
	{ "мы", IMPORT_WORD_RU },
	{ "на", IMPORT_WORD_RU },
	{ "нас", IMPORT_WORD_RU },
	{ "наш", IMPORT_WORD_RU },
	{ "нашей", IMPORT_WORD_RU },
	{ "наши", IMPORT_WORD_RU },
	{ "не", IMPORT_WORD_RU },
	{ "но", IMPORT_WORD_RU },
	{ "о", IMPORT_WORD_RU },
	{ "он", IMPORT_WORD_RU },
	{ "она", IMPORT_WORD_RU },
	{ "они", IMPORT_WORD_RU },
	{ "от", IMPORT_WORD_RU },
	{ "по", IMPORT_WORD_RU },
	{ "при", IMPORT_WORD_RU },
	{ "с", IMPORT_WORD_RU },
	{ "со", IMPORT_WORD_RU },
	{ "так", IMPORT_WORD_RU },
	{ "также", IMPORT_WORD_RU },
	{ "то", IMPORT_WORD_RU },
	{ "только", IMPORT_WORD_RU },
	{ "у", IMPORT_WORD_RU },
	{ "уважаемые", IMPORT_WORD_NOTNAME },
	{ "уважаемый", IMPORT_WORD_NOTNAME },
	{ "уже", IMPORT_WORD_RU },
	{ "что", IMPORT_WORD_RU },
	{ "этих", IMPORT_WORD_RU },
	{ "это", IMPORT_WORD_RU },
	{ "этого", IMPORT_WORD_RU },
	{ "этой", IMPORT_WORD_RU },
	{ "этом", IMPORT_WORD_RU },
	{ "я", IMPORT_WORD_RU },
};

#define DETECT_NWORDS (sizeof detect_words / sizeof detect_words[0])

static const char *const detect_lang_tags[IMPORT_LANG__MAX] = {
	[IMPORT_LANG_EN] = "en",
	[IMPORT_LANG_DE] = "de",
	[IMPORT_LANG_FR] = "fr",
	[IMPORT_LANG_ES] = "es",
	[IMPORT_LANG_IT] = "it",
	[IMPORT_LANG_PT] = "pt",
	[IMPORT_LANG_NL] = "nl",
	[IMPORT_LANG_RU] = "ru",
};

static const char *const detect_lang_names[IMPORT_LANG__MAX] = {
	[IMPORT_LANG_EN] = "English",
	[IMPORT_LANG_DE] = "German",
	[IMPORT_LANG_FR] = "French",
	[IMPORT_LANG_ES] = "Spanish",
	[IMPORT_LANG_IT] = "Italian",
	[IMPORT_LANG_PT] = "Portuguese",
	[IMPORT_LANG_NL] = "Dutch",
	[IMPORT_LANG_RU] = "Russian",
};

/* Scripts that decide a language by themselves. */
static const char *const detect_script_tags[IMPORT_SCRIPT__MAX] = {
	[IMPORT_SCRIPT_GREEK] = "el",
	[IMPORT_SCRIPT_ARMENIAN] = "hy",
	[IMPORT_SCRIPT_HEBREW] = "he",
	[IMPORT_SCRIPT_DEVANAGARI] = "hi",
	[IMPORT_SCRIPT_THAI] = "th",
	[IMPORT_SCRIPT_GEORGIAN] = "ka",
	[IMPORT_SCRIPT_HANGUL] = "ko",
	[IMPORT_SCRIPT_KANA] = "ja",
	[IMPORT_SCRIPT_HAN] = "zh",
};

struct detect_range {
	uint32_t lo, hi;
	enum import_script script;
};

/* Sorted by lo, not overlapping. */
static const struct detect_range detect_ranges[] = {
	{ 0x0041, 0x005A, IMPORT_SCRIPT_LATIN },
	{ 0x0061, 0x007A, IMPORT_SCRIPT_LATIN },
	{ 0x00AA, 0x00AA, IMPORT_SCRIPT_LATIN },
	{ 0x00BA, 0x00BA, IMPORT_SCRIPT_LATIN },
	{ 0x00C0, 0x024F, IMPORT_SCRIPT_LATIN },
	{ 0x0370, 0x03FF, IMPORT_SCRIPT_GREEK },
	{ 0x0400, 0x052F, IMPORT_SCRIPT_CYRILLIC },
	{ 0x0530, 0x058F, IMPORT_SCRIPT_ARMENIAN },
	{ 0x0590, 0x05FF, IMPORT_SCRIPT_HEBREW },
	{ 0x0600, 0x06FF, IMPORT_SCRIPT_ARABIC },
	{ 0x0750, 0x077F, IMPORT_SCRIPT_ARABIC },
	{ 0x08A0, 0x08FF, IMPORT_SCRIPT_ARABIC },
	{ 0x0900, 0x097F, IMPORT_SCRIPT_DEVANAGARI },
	{ 0x0E00, 0x0E7F, IMPORT_SCRIPT_THAI },
	{ 0x10A0, 0x10FF, IMPORT_SCRIPT_GEORGIAN },
	{ 0x1100, 0x11FF, IMPORT_SCRIPT_HANGUL },
	{ 0x1C80, 0x1C8F, IMPORT_SCRIPT_CYRILLIC },
	{ 0x1C90, 0x1CBF, IMPORT_SCRIPT_GEORGIAN },
	{ 0x1E00, 0x1EFF, IMPORT_SCRIPT_LATIN },
	{ 0x1F00, 0x1FFF, IMPORT_SCRIPT_GREEK },
	{ 0x2C60, 0x2C7F, IMPORT_SCRIPT_LATIN },
	{ 0x2D00, 0x2D2F, IMPORT_SCRIPT_GEORGIAN },
	{ 0x2DE0, 0x2DFF, IMPORT_SCRIPT_CYRILLIC },
	{ 0x3040, 0x30FF, IMPORT_SCRIPT_KANA },
	{ 0x3130, 0x318F, IMPORT_SCRIPT_HANGUL },
	{ 0x31F0, 0x31FF, IMPORT_SCRIPT_KANA },
	{ 0x3400, 0x4DBF, IMPORT_SCRIPT_HAN },
	{ 0x4E00, 0x9FFF, IMPORT_SCRIPT_HAN },
	{ 0xA640, 0xA69F, IMPORT_SCRIPT_CYRILLIC },
	{ 0xA720, 0xA7FF, IMPORT_SCRIPT_LATIN },
	{ 0xAC00, 0xD7AF, IMPORT_SCRIPT_HANGUL },
	{ 0xF900, 0xFAFF, IMPORT_SCRIPT_HAN },
	{ 0xFB1D, 0xFB4F, IMPORT_SCRIPT_HEBREW },
	{ 0xFB50, 0xFDFF, IMPORT_SCRIPT_ARABIC },
	{ 0xFE70, 0xFEFF, IMPORT_SCRIPT_ARABIC },
	{ 0xFF21, 0xFF3A, IMPORT_SCRIPT_LATIN },
	{ 0xFF41, 0xFF5A, IMPORT_SCRIPT_LATIN },
	{ 0xFF66, 0xFF9F, IMPORT_SCRIPT_KANA },
	{ 0x20000, 0x2FFFF, IMPORT_SCRIPT_HAN },
};

#define DETECT_NRANGES (sizeof detect_ranges / sizeof detect_ranges[0])

uint32_t
import_detect_next(struct str s, size_t *i)
{
	return utf8_next(s.p, s.len, i);
}

uint32_t
import_detect_prev(struct str s, size_t i, size_t *start)
{
	size_t k = i, j;

	/* step back over at most three continuation bytes */
	while (k > 0 && i - k < 4) {
		k--;
		if (((unsigned char)s.p[k] & 0xC0) != 0x80)
			break;
	}
	*start = k;
	j = k;
	return utf8_next(s.p, i, &j);
}

static utf8proc_category_t
detect_category(uint32_t cp)
{
	if (cp > 0x10FFFF)
		return UTF8PROC_CATEGORY_CN;
	return utf8proc_category((utf8proc_int32_t)cp);
}

bool
import_detect_is_space(uint32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == '\v' || cp == 0xFEFF || cp == 0x200B ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x85)
		return true;
	return cp >= 0x80 && detect_category(cp) == UTF8PROC_CATEGORY_ZS;
}

bool
import_detect_is_letter(uint32_t cp)
{
	switch (detect_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return true;
	default:
		return false;
	}
}

bool
import_detect_is_wordchar(uint32_t cp)
{
	switch (detect_category(cp)) {
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
		return true;
	default:
		return import_detect_is_letter(cp);
	}
}

bool
import_detect_is_upper(uint32_t cp)
{
	utf8proc_category_t c = detect_category(cp);

	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool
import_detect_is_caseless(uint32_t cp)
{
	return detect_category(cp) == UTF8PROC_CATEGORY_LO;
}

enum import_script
import_detect_script(uint32_t cp)
{
	size_t lo = 0, hi = DETECT_NRANGES;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < detect_ranges[mid].lo)
			hi = mid;
		else if (cp > detect_ranges[mid].hi)
			lo = mid + 1;
		else
			return detect_ranges[mid].script;
	}
	return IMPORT_SCRIPT_OTHER;
}

struct str
import_detect_trim(struct str s)
{
	size_t i = 0, start;

	while (i < s.len) {
		size_t at = i;

		if (!import_detect_is_space(import_detect_next(s, &i))) {
			i = at;
			break;
		}
	}
	s.p += i;
	s.len -= i;
	while (s.len > 0) {
		uint32_t cp = import_detect_prev(s, s.len, &start);

		if (!import_detect_is_space(cp))
			break;
		s.len = start;
	}
	return s;
}

static uint32_t
detect_lower(uint32_t cp)
{
	if (cp > 0x10FFFF)
		return cp;
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

size_t
import_detect_prefix(struct str s, const char *word)
{
	struct str w = str_from(word);
	size_t i = 0, k = 0;

	while (k < w.len) {
		uint32_t a, b;

		if (i >= s.len)
			return 0;
		a = import_detect_next(s, &i);
		b = import_detect_next(w, &k);
		if (detect_lower(a) != detect_lower(b))
			return 0;
	}
	return i;
}

bool
import_detect_caseeq(struct str s, const char *word)
{
	return s.len > 0 && import_detect_prefix(s, word) == s.len;
}

static int
detect_word_cmp(const void *key, const void *elem)
{
	const struct detect_word *w = elem;

	return strcmp(key, w->w);
}

unsigned
import_detect_word(struct str w)
{
	char low[DETECT_WORD_MAX + 1];
	size_t i = 0, o = 0;
	const struct detect_word *hit;

	while (i < w.len) {
		char enc[4];
		size_t n;

		n = utf8_encode(detect_lower(import_detect_next(w, &i)), enc);
		if (n == 0 || o + n > DETECT_WORD_MAX)
			return 0;
		memcpy(low + o, enc, n);
		o += n;
	}
	if (o == 0)
		return 0;
	low[o] = '\0';
	hit = bsearch(low, detect_words, DETECT_NWORDS, sizeof detect_words[0],
	    detect_word_cmp);
	return hit != NULL ? hit->flags : 0;
}

void
import_detect_init(struct import_detect *dt)
{
	memset(dt, 0, sizeof *dt);
}

/* letters that tell languages of one script apart */
static void
detect_count_letter(struct import_detect *dt, uint32_t cp)
{
	switch (detect_lower(cp)) {
	case 0x456: case 0x457: case 0x454: case 0x491:
		dt->cyr_uk++;
		break;
	case 0x45E:
		dt->cyr_be++;
		break;
	case 0x452: case 0x45B: case 0x458: case 0x459: case 0x45A:
	case 0x45F:
		dt->cyr_sr++;
		break;
	case 0x453: case 0x45C: case 0x455:
		dt->cyr_mk++;
		break;
	case 0x44B: case 0x44D:
		dt->cyr_ru++;
		break;
	case 0x44A:
		dt->cyr_hard++;
		break;
	case 0x67E: case 0x686: case 0x698: case 0x6AF: case 0x6A9:
	case 0x6CC:
		dt->arab_fa++;
		break;
	case 0x679: case 0x688: case 0x691: case 0x6BA: case 0x6D2:
		dt->arab_ur++;
		break;
	case 0x64A: case 0x643: case 0x629:
		dt->arab_ar++;
		break;
	default:
		break;
	}
}

static void
detect_word_end(struct import_detect *dt, struct str w,
    enum import_script script)
{
	unsigned flags;

	if (w.len == 0)
		return;
	if (script == IMPORT_SCRIPT_LATIN)
		dt->latin_words++;
	flags = import_detect_word(w);
	for (int l = 0; l < IMPORT_LANG__MAX; l++)
		if (flags & (1u << l))
			dt->hits[l]++;
}

void
import_detect_feed(struct import_detect *dt, struct str s)
{
	size_t i = 0, start = 0;
	enum import_script ws = IMPORT_SCRIPT_OTHER;
	bool inword = false;

	while (i < s.len) {
		size_t at = i;
		uint32_t cp = import_detect_next(s, &i);

		if (import_detect_is_letter(cp)) {
			enum import_script sc = import_detect_script(cp);

			dt->letters[sc]++;
			detect_count_letter(dt, cp);
			if (!inword) {
				inword = true;
				start = at;
				ws = sc;
			}
			continue;
		}
		if (inword && import_detect_is_wordchar(cp))
			continue;
		if (inword)
			detect_word_end(dt, str_make(s.p + start, at - start),
			    ws);
		inword = false;
	}
	if (inword)
		detect_word_end(dt, str_make(s.p + start, s.len - start), ws);
}

static void
detect_why(char *why, size_t whylen, const char *msg)
{
	if (whylen > 0)
		snprintf(why, whylen, "%s", msg);
}

static void
detect_set(char lang[LOCALE_LANG_MAX], const char *tag)
{
	snprintf(lang, LOCALE_LANG_MAX, "%s", tag);
}

static const char *
detect_cyrillic(const struct import_detect *dt)
{
	unsigned long n = dt->letters[IMPORT_SCRIPT_CYRILLIC];

	/* ў is Belarusian only; ѓ ќ ѕ Macedonian; ђ ћ ј љ њ џ Serbian */
	if (dt->cyr_be * 500 >= n && dt->cyr_be > 0)
		return "be";
	if ((dt->cyr_sr + dt->cyr_mk) * 200 >= n && dt->cyr_sr + dt->cyr_mk > 0)
		return dt->cyr_mk > 0 ? "mk" : "sr";
	/* і ї є ґ are Ukrainian when ы and э are rare */
	if (dt->cyr_uk * 200 >= n && dt->cyr_ru * 4 < dt->cyr_uk)
		return "uk";
	/* Bulgarian has neither ы nor э but many ъ */
	if (dt->cyr_ru * 1000 < n && dt->cyr_hard * 100 >= n)
		return "bg";
	return "ru";
}

static const char *
detect_arabic(const struct import_detect *dt)
{
	unsigned long n = dt->letters[IMPORT_SCRIPT_ARABIC];

	if (dt->arab_ur * 100 >= n && dt->arab_ur > 0)
		return "ur";
	if (dt->arab_fa > dt->arab_ar)
		return "fa";
	return "ar";
}

static bool
detect_latin(const struct import_detect *dt, char lang[LOCALE_LANG_MAX],
    char *why, size_t whylen)
{
	int best = -1, second = -1;

	for (int l = 0; l < IMPORT_LANG__MAX; l++) {
		if (l == IMPORT_LANG_RU)
			continue;
		if (best < 0 || dt->hits[l] > dt->hits[best]) {
			second = best;
			best = l;
		} else if (second < 0 || dt->hits[l] > dt->hits[second]) {
			second = l;
		}
	}
	if (dt->hits[best] < 3 || dt->hits[best] * 100 < dt->latin_words * 5) {
		detect_why(why, whylen, "too few common words of English, "
		    "German, French, Spanish, Italian, Portuguese or Dutch");
		return false;
	}
	if (dt->hits[best] * 2 < dt->hits[second] * 3) {
		if (whylen > 0)
			snprintf(why, whylen, "it reads as much like %s as %s",
			    detect_lang_names[best], detect_lang_names[second]);
		return false;
	}
	detect_set(lang, detect_lang_tags[best]);
	return true;
}

bool
import_detect_finish(const struct import_detect *dt,
    char lang[LOCALE_LANG_MAX], char *why, size_t whylen)
{
	unsigned long total = 0;
	int top = 0;

	for (int s = 0; s < IMPORT_SCRIPT__MAX; s++) {
		total += dt->letters[s];
		if (dt->letters[s] > dt->letters[top])
			top = s;
	}
	if (total < DETECT_MIN_LETTERS) {
		detect_why(why, whylen, "too little text");
		return false;
	}
	if (dt->letters[top] * 2 <= total) {
		detect_why(why, whylen, "no script has most of the letters");
		return false;
	}
	switch (top) {
	case IMPORT_SCRIPT_LATIN:
		return detect_latin(dt, lang, why, whylen);
	case IMPORT_SCRIPT_CYRILLIC:
		detect_set(lang, detect_cyrillic(dt));
		return true;
	case IMPORT_SCRIPT_ARABIC:
		detect_set(lang, detect_arabic(dt));
		return true;
	case IMPORT_SCRIPT_HAN:
		/* Japanese mixes kana into Han; Chinese has none */
		detect_set(lang, dt->letters[IMPORT_SCRIPT_KANA] * 10 >=
		    dt->letters[IMPORT_SCRIPT_HAN] ? "ja" : "zh");
		return true;
	case IMPORT_SCRIPT_OTHER:
		detect_why(why, whylen,
		    "the text is in a script the detector does not know");
		return false;
	default:
		detect_set(lang, detect_script_tags[top]);
		return true;
	}
}
