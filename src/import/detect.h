/*
 * detect.h - internal to src/import: which language a text is written in,
 * and the character and word classes the scraped-page reader needs
 * (Unicode spaces, letters, case, scripts, case-insensitive comparison,
 * common words).
 *
 * Language detection is a judgement from two kinds of evidence: the script
 * the letters belong to (Cyrillic, Arabic, Greek...; a few letters tell
 * Ukrainian from Russian or Persian from Arabic) and, for Latin script, how
 * often the commonest words of English, German, French, Spanish, Italian,
 * Portuguese and Dutch occur. A detector that is not sure says so and why;
 * the caller then asks the user for the locale.
 *
 * Does not know about pages, lines, assets or locales other than returning
 * a primary language subtag. Not a public header: nothing outside
 * src/import (and its tests) includes it.
 */
#ifndef PRESSROOM_IMPORT_DETECT_H
#define PRESSROOM_IMPORT_DETECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pressroom/locale.h"
#include "pressroom/str.h"

enum import_script {
	IMPORT_SCRIPT_OTHER,	/* a letter of none of the scripts below */
	IMPORT_SCRIPT_LATIN,
	IMPORT_SCRIPT_CYRILLIC,
	IMPORT_SCRIPT_GREEK,
	IMPORT_SCRIPT_ARMENIAN,
	IMPORT_SCRIPT_HEBREW,
	IMPORT_SCRIPT_ARABIC,
	IMPORT_SCRIPT_DEVANAGARI,
	IMPORT_SCRIPT_THAI,
	IMPORT_SCRIPT_GEORGIAN,
	IMPORT_SCRIPT_HANGUL,
	IMPORT_SCRIPT_KANA,
	IMPORT_SCRIPT_HAN,
	IMPORT_SCRIPT__MAX
};

/* Languages whose common words the detector counts. */
enum import_lang {
	IMPORT_LANG_EN,
	IMPORT_LANG_DE,
	IMPORT_LANG_FR,
	IMPORT_LANG_ES,
	IMPORT_LANG_IT,
	IMPORT_LANG_PT,
	IMPORT_LANG_NL,
	IMPORT_LANG_RU,
	IMPORT_LANG__MAX
};

/* What import_detect_word knows about a word: one bit per language whose
 * common words include it, and one for words that never begin a name. */
enum import_word_flag {
	IMPORT_WORD_EN = 1u << IMPORT_LANG_EN,
	IMPORT_WORD_DE = 1u << IMPORT_LANG_DE,
	IMPORT_WORD_FR = 1u << IMPORT_LANG_FR,
	IMPORT_WORD_ES = 1u << IMPORT_LANG_ES,
	IMPORT_WORD_IT = 1u << IMPORT_LANG_IT,
	IMPORT_WORD_PT = 1u << IMPORT_LANG_PT,
	IMPORT_WORD_NL = 1u << IMPORT_LANG_NL,
	IMPORT_WORD_RU = 1u << IMPORT_LANG_RU,
	IMPORT_WORD_NOTNAME = 1u << IMPORT_LANG__MAX	/* "Dear", "Note"... */
};

/*
 * Evidence gathered so far. Counts only grow; a detector holds no pointers
 * and needs no release. Set up with import_detect_init.
 */
struct import_detect {
	unsigned long letters[IMPORT_SCRIPT__MAX];	/* letters per script */
	unsigned long latin_words;	/* words written in Latin script */
	unsigned long hits[IMPORT_LANG__MAX];	/* common-word hits */
	unsigned long cyr_uk;	/* і ї є ґ */
	unsigned long cyr_be;	/* ў */
	unsigned long cyr_sr;	/* ђ ћ ј љ њ џ */
	unsigned long cyr_mk;	/* ѓ ќ ѕ */
	unsigned long cyr_ru;	/* ы э */
	unsigned long cyr_hard;	/* ъ */
	unsigned long arab_fa;	/* پ چ ژ گ ک ی */
	unsigned long arab_ur;	/* ٹ ڈ ڑ ں ے */
	unsigned long arab_ar;	/* ي ك ة */
};

void import_detect_init(struct import_detect *dt);

/* Adds the letters and words of s (valid UTF-8) to the evidence. */
void import_detect_feed(struct import_detect *dt, struct str s);

/*
 * Decides. True when sure: lang then holds a primary language subtag
 * ("en", "ru", "ar"). False when unsure: why (whylen bytes, may be 0)
 * holds a short reason such as "too little text" for a user to read.
 */
bool import_detect_finish(const struct import_detect *dt,
    char lang[LOCALE_LANG_MAX], char *why, size_t whylen);

/* Flags (enum import_word_flag) of a word in any case; 0 if unknown. */
unsigned import_detect_word(struct str w);

/* Character classes, by Unicode general category (utf8proc). */
bool import_detect_is_space(uint32_t cp);	/* Zs, tab, line ends, BOM */
bool import_detect_is_letter(uint32_t cp);	/* L* */
bool import_detect_is_wordchar(uint32_t cp);	/* L*, M*, Nd */
bool import_detect_is_upper(uint32_t cp);	/* Lu, Lt */
bool import_detect_is_caseless(uint32_t cp);	/* Lo: a script without case */
enum import_script import_detect_script(uint32_t cp);	/* by code point */

/* s without surrounding spaces (import_detect_is_space). */
struct str import_detect_trim(struct str s);

/*
 * If s starts with word (compared code point by code point after simple
 * lower-casing), the number of bytes of s that matched; else 0. word is
 * NUL-terminated UTF-8.
 */
size_t import_detect_prefix(struct str s, const char *word);

/* True when all of s equals word in the sense of import_detect_prefix. */
bool import_detect_caseeq(struct str s, const char *word);

/* The code point at s.p[*i] (*i < s.len), advancing *i. */
uint32_t import_detect_next(struct str s, size_t *i);

/* The code point that ends just before byte i (i > 0), and where it starts. */
uint32_t import_detect_prev(struct str s, size_t i, size_t *start);

#endif
