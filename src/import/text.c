/*
 * text.c - pages scraped to plain text from "Asset Publisher" ministry
 * sites, turned into assets (the format is described in docs/IMPORT.md).
 *
 * Reads the page top to bottom in one pass over borrowed slices: site
 * furniture, the date and time line, the title (place and date at its
 * tail), the line of announced locales, the opening statement as
 * paragraphs, then question and answer turns, until the furniture at the
 * tail. Words are never rewritten: a text is a slice of the input trimmed
 * of surrounding whitespace; a turn label such as "Question:" or "Sergey
 * Lavrov:" is cut off, and the paragraphs of one turn are joined with a
 * blank line.
 *
 * Does not read files or check encodings (import.c), does not judge
 * languages by itself (detect.c), and does not save anything.
 */
#include <stdio.h>
#include <string.h>
#include "pressroom/import.h"
#include "pressroom/limits.h"
#include "pressroom/locale.h"
#include "pressroom/time.h"
#include "pressroom/utf8.h"
#include "detect.h"
#include "pressroom/banned.h"

#define TEXT_TOKS_MAX 24	/* a date line has fewer tokens */
#define TEXT_NAME_MAX 60	/* bytes of a speaker's name */
#define TEXT_NAME_WORDS 5
#define TEXT_NOTE_MAX 80	/* bytes of "(retranslated from Arabic)" */
#define TEXT_LABEL_SCAN 200	/* a label's colon is within this many bytes */
#define TEXT_TITLE_WORDS 6	/* of a person's title before the name */
#define TEXT_PLACE_MAX 60
#define TEXT_PLACE_WORDS 4
#define TEXT_QUOTE_MAX 48	/* bytes of input quoted in a message */

/* Site furniture: lines that are the site's, not the page's. */
enum text_furniture {
	TEXT_FURNITURE_NONE,
	TEXT_FURNITURE_SKIP,	/* dropped wherever it is */
	TEXT_FURNITURE_END,	/* ends the page: what follows is the site's */
	TEXT_FURNITURE__MAX
};

static const struct {
	const char *line;
	enum text_furniture what;
} text_furniture_lines[] = {
	{ "Asset Publisher", TEXT_FURNITURE_SKIP },
	{ "Публикатор", TEXT_FURNITURE_SKIP },
	{ "Additional materials", TEXT_FURNITURE_END },
	{ "Дополнительные материалы", TEXT_FURNITURE_END },
	{ "Advanced settings", TEXT_FURNITURE_END },
	{ "Расширенные настройки", TEXT_FURNITURE_END },
};

/* Words that open a turn when a colon follows them. */
static const struct {
	const char *word;
	enum turn_role role;
	bool speaker;		/* the label itself names the speaker */
} text_labels[] = {
	{ "Question", TURN_ROLE_QUESTION, false },
	{ "Вопрос", TURN_ROLE_QUESTION, false },
	{ "Frage", TURN_ROLE_QUESTION, false },
	{ "Pregunta", TURN_ROLE_QUESTION, false },
	{ "Domanda", TURN_ROLE_QUESTION, false },
	{ "Pergunta", TURN_ROLE_QUESTION, false },
	{ "Vraag", TURN_ROLE_QUESTION, false },
	{ "سؤال", TURN_ROLE_QUESTION, false },
	{ "السؤال", TURN_ROLE_QUESTION, false },
	{ "Answer", TURN_ROLE_ANSWER, false },
	{ "Ответ", TURN_ROLE_ANSWER, false },
	{ "Antwort", TURN_ROLE_ANSWER, false },
	{ "Réponse", TURN_ROLE_ANSWER, false },
	{ "Respuesta", TURN_ROLE_ANSWER, false },
	{ "Risposta", TURN_ROLE_ANSWER, false },
	{ "Resposta", TURN_ROLE_ANSWER, false },
	{ "Antwoord", TURN_ROLE_ANSWER, false },
	{ "جواب", TURN_ROLE_ANSWER, false },
	{ "الجواب", TURN_ROLE_ANSWER, false },
	{ "Moderator", TURN_ROLE_REMARK, true },
	{ "Модератор", TURN_ROLE_REMARK, true },
	{ "Ведущий", TURN_ROLE_REMARK, true },
	{ "Modérateur", TURN_ROLE_REMARK, true },
	{ "Moderador", TURN_ROLE_REMARK, true },
};

/* Lower-case words allowed inside names and places ("Haider al-Abadi"). */
static const char *const text_particles[] = {
	"al", "el", "ibn", "bin", "bint", "abu", "de", "da", "do", "dos",
	"das", "del", "della", "di", "du", "des", "la", "le", "van", "von",
	"der", "den", "ter", "y", "e", "am", "an", "upon", "on", "sur", "na",
	"im",
};

/* Title words that decide the kind; first match in this order wins. */
static const struct {
	const char *word;
	enum asset_kind kind;
	bool whole;		/* must end at a word boundary */
} text_kind_words[] = {
	{ "interview", ASSET_KIND_INTERVIEW, false },
	{ "интервью", ASSET_KIND_INTERVIEW, false },
	{ "entrevista", ASSET_KIND_INTERVIEW, false },
	{ "entretien", ASSET_KIND_INTERVIEW, false },
	{ "intervista", ASSET_KIND_INTERVIEW, false },
	{ "مقابلة", ASSET_KIND_INTERVIEW, false },
	{ "briefing", ASSET_KIND_BRIEFING, false },
	{ "брифинг", ASSET_KIND_BRIEFING, false },
	{ "press release", ASSET_KIND_PRESS_RELEASE, false },
	{ "пресс-релиз", ASSET_KIND_PRESS_RELEASE, false },
	{ "pressemitteilung", ASSET_KIND_PRESS_RELEASE, false },
	{ "communiqué de presse", ASSET_KIND_PRESS_RELEASE, false },
	{ "comunicado de prensa", ASSET_KIND_PRESS_RELEASE, false },
	{ "comunicato stampa", ASSET_KIND_PRESS_RELEASE, false },
	{ "statement", ASSET_KIND_STATEMENT, false },
	{ "заявлени", ASSET_KIND_STATEMENT, false },
	{ "erklärung", ASSET_KIND_STATEMENT, false },
	{ "déclaration", ASSET_KIND_STATEMENT, false },
	{ "declaración", ASSET_KIND_STATEMENT, false },
	{ "dichiarazione", ASSET_KIND_STATEMENT, false },
	{ "declaração", ASSET_KIND_STATEMENT, false },
	{ "بيان", ASSET_KIND_STATEMENT, false },
	{ "speech", ASSET_KIND_SPEECH, false },
	{ "remarks", ASSET_KIND_SPEECH, false },
	{ "выступлени", ASSET_KIND_SPEECH, false },
	{ "rede", ASSET_KIND_SPEECH, true },
	{ "discours", ASSET_KIND_SPEECH, false },
	{ "discurso", ASSET_KIND_SPEECH, false },
	{ "discorso", ASSET_KIND_SPEECH, false },
	{ "كلمة", ASSET_KIND_SPEECH, true },
};

/* Month names in every language the date line may be written in. */
static const struct {
	const char *name;
	int month;
} text_months[] = {
	{ "january", 1 }, { "february", 2 }, { "march", 3 }, { "april", 4 },
	{ "may", 5 }, { "june", 6 }, { "july", 7 }, { "august", 8 },
	{ "september", 9 }, { "october", 10 }, { "november", 11 },
	{ "december", 12 },
	{ "jan", 1 }, { "feb", 2 }, { "mar", 3 }, { "apr", 4 }, { "jun", 6 },
	{ "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "sept", 9 }, { "oct", 10 },
	{ "nov", 11 }, { "dec", 12 },
	{ "января", 1 }, { "февраля", 2 }, { "марта", 3 }, { "апреля", 4 },
	{ "мая", 5 }, { "июня", 6 }, { "июля", 7 }, { "августа", 8 },
	{ "сентября", 9 }, { "октября", 10 }, { "ноября", 11 },
	{ "декабря", 12 },
	{ "январь", 1 }, { "февраль", 2 }, { "март", 3 }, { "апрель", 4 },
	{ "май", 5 }, { "июнь", 6 }, { "июль", 7 }, { "август", 8 },
	{ "сентябрь", 9 }, { "октябрь", 10 }, { "ноябрь", 11 },
	{ "декабрь", 12 },
	{ "januar", 1 }, { "jänner", 1 }, { "februar", 2 }, { "märz", 3 },
	{ "mai", 5 }, { "juni", 6 }, { "juli", 7 }, { "oktober", 10 },
	{ "dezember", 12 },
	{ "janvier", 1 }, { "février", 2 }, { "mars", 3 }, { "avril", 4 },
	{ "juin", 6 }, { "juillet", 7 }, { "août", 8 }, { "septembre", 9 },
	{ "octobre", 10 }, { "novembre", 11 }, { "décembre", 12 },
	{ "enero", 1 }, { "febrero", 2 }, { "marzo", 3 }, { "abril", 4 },
	{ "mayo", 5 }, { "junio", 6 }, { "julio", 7 }, { "agosto", 8 },
	{ "septiembre", 9 }, { "setiembre", 9 }, { "octubre", 10 },
	{ "noviembre", 11 }, { "diciembre", 12 },
	{ "gennaio", 1 }, { "febbraio", 2 }, { "aprile", 4 }, { "maggio", 5 },
	{ "giugno", 6 }, { "luglio", 7 }, { "settembre", 9 },
	{ "ottobre", 10 }, { "dicembre", 12 },
	{ "janeiro", 1 }, { "fevereiro", 2 }, { "março", 3 }, { "maio", 5 },
	{ "junho", 6 }, { "julho", 7 }, { "setembro", 9 }, { "outubro", 10 },
	{ "dezembro", 12 },
	{ "يناير", 1 }, { "فبراير", 2 }, { "مارس", 3 }, { "أبريل", 4 },
	{ "ابريل", 4 }, { "مايو", 5 }, { "يونيو", 6 }, { "يوليو", 7 },
	{ "أغسطس", 8 }, { "اغسطس", 8 }, { "سبتمبر", 9 }, { "أكتوبر", 10 },
	{ "اكتوبر", 10 }, { "نوفمبر", 11 }, { "ديسمبر", 12 },
};

static const char *const text_month_names[13] = {
	"", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

/* Small words around dates: "1er", "de junio de", "2015 года", "um". */
static const char *const text_ordinals[] = { "er", "st", "nd", "rd", "th",
	"e", NULL };
static const char *const text_date_de[] = { "de", "del", NULL };
static const char *const text_year_words[] = { "г", "года", "год", NULL };
static const char *const text_time_words[] = { "at", "um", "à", "a", "las",
	"alle", "ore", "às", "в", NULL };
static const char *const text_hour_words[] = { "uhr", "h", "hrs", "ч",
	"heures", "horas", "ore", NULL };
static const char *const text_iso_t[] = { "t", NULL };

#define TEXT_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- lines ---------------------------------------------------------- */

struct text_line {
	struct str raw;		/* without its terminator */
	struct str s;		/* raw or raw trimmed */
	unsigned no;		/* 1-based */
};

struct text_cursor {
	struct str rest;	/* not read yet */
	unsigned no;		/* number of the next line */
};

/*
 * Lines end at "\n", "\r\n" or a lone "\r" (each counts as a line, as in
 * import_check_text) and at "\f", which is a paragraph break but not a new
 * line number.
 */
static bool
text_cursor_next(struct text_cursor *c, struct text_line *out)
{
	const char *p = c->rest.p;
	size_t n = c->rest.len, i = 0;

	if (n == 0)
		return false;
	while (i < n && p[i] != '\n' && p[i] != '\r' && p[i] != '\f')
		i++;
	out->raw = str_make(p, i);
	out->s = out->raw;
	out->no = c->no;
	if (i < n) {
		char ch = p[i++];

		if (ch == '\r' && i < n && p[i] == '\n')
			i++;
		if (ch != '\f')
			c->no++;
	}
	c->rest.p += i;
	c->rest.len -= i;
	return true;
}

static enum text_furniture
text_furniture(struct str line)
{
	struct str t = import_detect_trim(line);

	for (size_t i = 0; i < TEXT_NELEM(text_furniture_lines); i++)
		if (import_detect_caseeq(t, text_furniture_lines[i].line))
			return text_furniture_lines[i].what;
	return TEXT_FURNITURE_NONE;
}

/*
 * The next line with content, skipping blank lines and furniture. False at
 * the end of the text or at furniture that ends the page.
 */
static bool
text_next_content(struct text_cursor *c, struct text_line *out)
{
	while (text_cursor_next(c, out)) {
		enum text_furniture f;

		if (import_detect_trim(out->s).len == 0)
			continue;
		f = text_furniture(out->s);
		if (f == TEXT_FURNITURE_END) {
			c->rest.len = 0;
			return false;
		}
		if (f == TEXT_FURNITURE_NONE) {
			out->s = import_detect_trim(out->s);
			return true;
		}
	}
	return false;
}

/* 1-based column, in characters, of at in line l. */
static unsigned
text_col(const struct text_line *l, const char *at)
{
	size_t off = (size_t)(at - l->raw.p);

	return (unsigned)utf8_length(l->raw.p, off) + 1;
}

/* Up to TEXT_QUOTE_MAX bytes of s, cut at a character boundary. */
static int
text_quote_len(struct str s)
{
	size_t n = s.len;

	if (n <= TEXT_QUOTE_MAX)
		return (int)n;
	n = TEXT_QUOTE_MAX;
	while (n > 0 && ((unsigned char)s.p[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

static const char *
text_quote_more(struct str s)
{
	return s.len > TEXT_QUOTE_MAX ? "…" : "";
}

/* ---- dates ---------------------------------------------------------- */

enum text_tok_type {
	TEXT_TOK_NUM,		/* ASCII digits */
	TEXT_TOK_WORD,		/* letters and marks */
	TEXT_TOK_PUNCT,		/* any other character but spaces */
	TEXT_TOK_TYPE__MAX
};

struct text_tok {
	enum text_tok_type type;
	size_t off, len;	/* bytes in the line */
	bool space;		/* whitespace before it */
	uint32_t cp;		/* TEXT_TOK_PUNCT: the character */
};

struct text_toks {
	struct str s;
	struct text_tok t[TEXT_TOKS_MAX];
	size_t n, i;
};

enum text_date_result {
	TEXT_DATE_NO,		/* not a date at all */
	TEXT_DATE_OK,
	TEXT_DATE_BAD,		/* shaped like a date but impossible */
	TEXT_DATE_RESULT__MAX
};

struct text_date {
	struct civil c;
	bool has_time;
	bool glued;		/* "201518:30": the hour follows the year */
	bool numeric;		/* the month was written as a number */
	size_t off, end;	/* the date part in the line */
	size_t toff, tend;	/* the time part */
};

/* Splits s into tokens; false when it has more than TEXT_TOKS_MAX. */
static bool
text_tokenize(struct str s, struct text_toks *k)
{
	size_t i = 0;
	bool space = false;

	k->s = s;
	k->n = 0;
	k->i = 0;
	while (i < s.len) {
		size_t at = i;
		uint32_t cp = import_detect_next(s, &i);
		struct text_tok *t;

		if (import_detect_is_space(cp)) {
			space = true;
			continue;
		}
		if (k->n == TEXT_TOKS_MAX)
			return false;
		t = &k->t[k->n++];
		t->off = at;
		t->space = space;
		t->cp = cp;
		space = false;
		if (cp >= '0' && cp <= '9') {
			t->type = TEXT_TOK_NUM;
			while (i < s.len && s.p[i] >= '0' && s.p[i] <= '9')
				i++;
		} else if (import_detect_is_letter(cp)) {
			t->type = TEXT_TOK_WORD;
			while (i < s.len) {
				size_t j = i;
				uint32_t c2 = import_detect_next(s, &j);

				if (!import_detect_is_wordchar(c2) ||
				    (c2 >= '0' && c2 <= '9'))
					break;
				i = j;
			}
		} else {
			t->type = TEXT_TOK_PUNCT;
		}
		t->len = i - at;
	}
	return true;
}

static const struct text_tok *
text_tok_peek(const struct text_toks *k)
{
	return k->i < k->n ? &k->t[k->i] : NULL;
}

static bool
text_tok_punct(struct text_toks *k, uint32_t cp)
{
	const struct text_tok *t = text_tok_peek(k);

	if (t == NULL || t->type != TEXT_TOK_PUNCT || t->cp != cp)
		return false;
	k->i++;
	return true;
}

static struct str
text_tok_str(const struct text_toks *k, const struct text_tok *t)
{
	return str_make(k->s.p + t->off, t->len);
}

static bool
text_tok_word(struct text_toks *k, const char *const *words)
{
	const struct text_tok *t = text_tok_peek(k);

	if (t == NULL || t->type != TEXT_TOK_WORD)
		return false;
	for (size_t i = 0; words[i] != NULL; i++)
		if (import_detect_caseeq(text_tok_str(k, t), words[i])) {
			k->i++;
			return true;
		}
	return false;
}

/* A number of minlen..maxlen digits. */
static bool
text_tok_num(struct text_toks *k, size_t minlen, size_t maxlen, int *v,
    size_t *off)
{
	const struct text_tok *t = text_tok_peek(k);
	int x = 0;

	if (t == NULL || t->type != TEXT_TOK_NUM || t->len < minlen ||
	    t->len > maxlen)
		return false;
	for (size_t i = 0; i < t->len; i++)
		x = x * 10 + (k->s.p[t->off + i] - '0');
	*v = x;
	if (off != NULL)
		*off = t->off;
	k->i++;
	return true;
}

static int
text_tok_month(struct text_toks *k)
{
	const struct text_tok *t = text_tok_peek(k);

	if (t == NULL || t->type != TEXT_TOK_WORD)
		return 0;
	for (size_t i = 0; i < TEXT_NELEM(text_months); i++)
		if (import_detect_caseeq(text_tok_str(k, t),
		    text_months[i].name)) {
			k->i++;
			return text_months[i].month;
		}
	return 0;
}

/*
 * The year: four digits, or five or six glued to the hour of a time that
 * follows without a space ("201518:30").
 */
static bool
text_tok_year(struct text_toks *k, struct text_date *dt)
{
	const struct text_tok *t = text_tok_peek(k), *next;
	const char *p;

	if (t == NULL || t->type != TEXT_TOK_NUM || t->len < 4 || t->len > 6)
		return false;
	p = k->s.p + t->off;
	if (t->len > 4) {
		next = k->i + 1 < k->n ? &k->t[k->i + 1] : NULL;
		if (next == NULL || next->type != TEXT_TOK_PUNCT ||
		    next->cp != ':' || next->space)
			return false;
		dt->glued = true;
		dt->c.hour = 0;
		for (size_t i = 4; i < t->len; i++)
			dt->c.hour = dt->c.hour * 10 + (p[i] - '0');
		dt->toff = t->off + 4;
	}
	dt->c.year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
	    (p[2] - '0') * 10 + (p[3] - '0');
	dt->end = t->off + 4;
	k->i++;
	return true;
}

/* 11 June 2015, 11. Juni 2015, 1er juin 2015, 11 de junio de 2015 */
static bool
text_date_dmy(struct text_toks *k, struct text_date *dt)
{
	if (!text_tok_num(k, 1, 2, &dt->c.day, &dt->off))
		return false;
	text_tok_word(k, text_ordinals);
	text_tok_punct(k, '.');
	text_tok_word(k, text_date_de);
	if ((dt->c.month = text_tok_month(k)) == 0)
		return false;
	text_tok_punct(k, '.');
	text_tok_punct(k, ',');
	text_tok_word(k, text_date_de);
	return text_tok_year(k, dt);
}

/* June 11, 2015 */
static bool
text_date_mdy(struct text_toks *k, struct text_date *dt)
{
	const struct text_tok *t = text_tok_peek(k);

	if (t == NULL)
		return false;
	dt->off = t->off;
	if ((dt->c.month = text_tok_month(k)) == 0)
		return false;
	text_tok_punct(k, '.');
	if (!text_tok_num(k, 1, 2, &dt->c.day, NULL))
		return false;
	text_tok_word(k, text_ordinals);
	text_tok_punct(k, ',');
	return text_tok_year(k, dt);
}

/* 11.06.2015 */
static bool
text_date_numeric(struct text_toks *k, struct text_date *dt)
{
	dt->numeric = true;
	return text_tok_num(k, 1, 2, &dt->c.day, &dt->off) &&
	    text_tok_punct(k, '.') &&
	    text_tok_num(k, 1, 2, &dt->c.month, NULL) &&
	    text_tok_punct(k, '.') && text_tok_year(k, dt);
}

/* 2015-06-11, 2015-06-11T18:30 */
static bool
text_date_iso(struct text_toks *k, struct text_date *dt)
{
	const struct text_tok *t;

	dt->numeric = true;
	if (!(text_tok_num(k, 4, 4, &dt->c.year, &dt->off) &&
	    text_tok_punct(k, '-') &&
	    text_tok_num(k, 1, 2, &dt->c.month, NULL) &&
	    text_tok_punct(k, '-')))
		return false;
	t = text_tok_peek(k);
	if (!text_tok_num(k, 1, 2, &dt->c.day, NULL))
		return false;
	dt->end = t->off + t->len;
	text_tok_word(k, text_iso_t);
	return true;
}

/* The time after the date, if any: "18:30", "2015 г., 18:30", "um 18.30 Uhr" */
static bool
text_date_time(struct text_toks *k, struct text_date *dt)
{
	const struct text_tok *t;
	size_t mark;

	if (dt->glued) {
		if (!text_tok_punct(k, ':'))
			return false;
		goto minutes;
	}
	if (text_tok_word(k, text_year_words))
		text_tok_punct(k, '.');
	text_tok_punct(k, ',');
	for (int w = 0; w < 2; w++)
		text_tok_word(k, text_time_words);
	if (k->i == k->n)
		return true;
	if (!text_tok_num(k, 1, 2, &dt->c.hour, &dt->toff))
		return false;
	if (!text_tok_punct(k, ':') && !text_tok_punct(k, '.') &&
	    !text_tok_word(k, (const char *const[]){ "h", NULL }))
		return false;
minutes:
	t = text_tok_peek(k);
	if (!text_tok_num(k, 2, 2, &dt->c.min, NULL))
		return false;
	dt->tend = t->off + t->len;
	dt->has_time = true;
	mark = k->i;
	if (text_tok_punct(k, ':')) {
		t = text_tok_peek(k);
		if (text_tok_num(k, 2, 2, &dt->c.sec, NULL))
			dt->tend = t->off + t->len;
		else
			k->i = mark;
	}
	if (text_tok_word(k, text_hour_words))
		text_tok_punct(k, '.');
	return true;
}

/* Whether the fields make a real date and time; why says what is wrong. */
static enum text_date_result
text_date_check(struct str s, const struct text_date *dt, char *why,
    size_t whylen, size_t *at)
{
	struct str date = str_make(s.p + dt->off, dt->end - dt->off);
	const struct civil *c = &dt->c;
	int dim;

	*at = dt->off;
	if (c->month < 1 || c->month > 12) {
		snprintf(why, whylen, "\"%.*s\" is not a date: there is no "
		    "month %d", (int)date.len, date.p, c->month);
		return TEXT_DATE_BAD;
	}
	if (c->year < 1) {
		snprintf(why, whylen, "\"%.*s\" is not a date: there is no "
		    "year 0", (int)date.len, date.p);
		return TEXT_DATE_BAD;
	}
	dim = time_days_in_month(c->year, c->month);
	if (c->day < 1 || c->day > dim) {
		if (c->day < 1)
			snprintf(why, whylen, "\"%.*s\" is not a date: there "
			    "is no day 0", (int)date.len, date.p);
		else if (c->month == 2)
			snprintf(why, whylen, "\"%.*s\" is not a date: "
			    "February has %d days in %d", (int)date.len,
			    date.p, dim, c->year);
		else
			snprintf(why, whylen, "\"%.*s\" is not a date: %s has "
			    "%d days", (int)date.len, date.p,
			    text_month_names[c->month], dim);
		return TEXT_DATE_BAD;
	}
	if (dt->has_time && (c->hour > 23 || c->min > 59 || c->sec > 59)) {
		*at = dt->toff;
		snprintf(why, whylen, "\"%.*s\" is not a time of day "
		    "(00:00 to 23:59)", (int)(dt->tend - dt->toff),
		    s.p + dt->toff);
		return TEXT_DATE_BAD;
	}
	return TEXT_DATE_OK;
}

/*
 * Reads all of s as a date with an optional time. TEXT_DATE_BAD when it is
 * shaped like one but impossible; why (whylen bytes) then says why and *at
 * is the byte offset in s to blame.
 */
static enum text_date_result
text_date_parse(struct str s, struct text_date *out, char *why,
    size_t whylen, size_t *at)
{
	static bool (*const shapes[])(struct text_toks *,
	    struct text_date *) = {
		text_date_dmy, text_date_mdy, text_date_numeric, text_date_iso,
	};
	struct text_toks k;

	if (!text_tokenize(s, &k) || k.n == 0)
		return TEXT_DATE_NO;
	for (size_t i = 0; i < TEXT_NELEM(shapes); i++) {
		struct text_date dt;

		memset(&dt, 0, sizeof dt);
		k.i = 0;
		if (!shapes[i](&k, &dt) || !text_date_time(&k, &dt) ||
		    k.i != k.n)
			continue;
		if (!dt.glued && !dt.has_time)
			dt.toff = dt.tend = dt.end;
		if (text_date_check(s, &dt, why, whylen, at) != TEXT_DATE_OK)
			return TEXT_DATE_BAD;
		*out = dt;
		return TEXT_DATE_OK;
	}
	return TEXT_DATE_NO;
}

/* ---- the parser's state --------------------------------------------- */

struct text_parser {
	struct arena *a;
	struct diag *d;
	const struct tz *tz;
	const struct locale *locale;	/* given by the caller, or NULL */
	struct asset *as;
	struct translation tr;		/* blocks before the locale is known */
	struct str title;
	unsigned title_no;
	struct import_detect dt;
	/* the paragraph being gathered: lines joined with "\n" */
	struct buf para;
	struct str para_first;		/* its first line, in the input */
	unsigned para_no;
	/* the turn being gathered: paragraphs joined with "\n\n" */
	struct buf turn;
	bool in_turn;
	enum turn_role role;
	struct str name;		/* speaker as written; empty for none */
	unsigned turn_no;
	unsigned np, nt;		/* paragraph and turn ids used */
	bool seen_question;
	bool has_turns;			/* a turn exists: a transcript */
};

/* Reports a failure of the arena or a buffer (or, never expected, else). */
static enum err
text_nomem(struct text_parser *p, enum err e)
{
	if (e == ERR_NOMEM)
		diag_set(p->d, 0, 0, "out of memory");
	else if (e == ERR_LIMIT)
		diag_set(p->d, 0, 0, "the import needs more memory than its "
		    "arena allows");
	else
		diag_set(p->d, 0, 0, "internal error: %s", err_str(e));
	return e;
}

/* ---- header: title, place, locales ---------------------------------- */

/* True if cp could be part of a word in a name ("O’Neil", "al-Abadi"). */
static bool
text_name_char(uint32_t cp)
{
	return import_detect_is_letter(cp) ||
	    (import_detect_is_wordchar(cp) && !(cp >= '0' && cp <= '9')) ||
	    cp == '.' || cp == '-' || cp == '\'' || cp == 0x2019 ||
	    cp == 0x2BC || cp == 0x2010;
}

static bool
text_is_particle(struct str w)
{
	for (size_t i = 0; i < TEXT_NELEM(text_particles); i++)
		if (str_eq_cstr(w, text_particles[i]))
			return true;
	return false;
}

enum text_word_case {
	TEXT_WORD_BAD,		/* not a word of a name */
	TEXT_WORD_UPPER,	/* starts with a capital */
	TEXT_WORD_PARTICLE,	/* "al", "de", "al-Abadi" */
	TEXT_WORD_CASELESS,	/* Arabic, Chinese...: no capitals to tell */
	TEXT_WORD_CASE__MAX
};

static enum text_word_case
text_word_case(struct str w)
{
	size_t i = 0, dash;
	uint32_t first;

	if (w.len == 0)
		return TEXT_WORD_BAD;
	while (i < w.len)
		if (!text_name_char(import_detect_next(w, &i)))
			return TEXT_WORD_BAD;
	i = 0;
	first = import_detect_next(w, &i);
	if (import_detect_is_upper(first))
		return TEXT_WORD_UPPER;
	if (import_detect_is_caseless(first))
		return TEXT_WORD_CASELESS;
	if (text_is_particle(w))
		return TEXT_WORD_PARTICLE;
	/* al-Abadi, el-Sisi, ibn-Saud: a particle, a dash, a capital */
	dash = str_find_char(w, '-');
	if (dash < w.len && text_is_particle(str_make(w.p, dash))) {
		i = dash + 1;
		if (i < w.len &&
		    import_detect_is_upper(import_detect_next(w, &i)))
			return TEXT_WORD_PARTICLE;
	}
	return TEXT_WORD_BAD;
}

/* The next whitespace-separated word of *s, or false at its end. */
static bool
text_take_word(struct str *s, struct str *w)
{
	size_t i = 0, start;

	while (i < s->len) {
		size_t at = i;

		if (!import_detect_is_space(import_detect_next(*s, &i))) {
			i = at;
			break;
		}
	}
	if (i >= s->len)
		return false;
	start = i;
	while (i < s->len) {
		size_t at = i;

		if (import_detect_is_space(import_detect_next(*s, &i))) {
			i = at;
			break;
		}
	}
	*w = str_make(s->p + start, i - start);
	s->p += i;
	s->len -= i;
	return true;
}

/* Where needle occurs in hay as whole words, or NULL. */
static const char *
text_find_words(struct str hay, struct str needle)
{
	if (needle.len == 0)
		return NULL;
	for (size_t i = 0; i + needle.len <= hay.len; i++) {
		size_t start, j = i + needle.len;

		if (memcmp(hay.p + i, needle.p, needle.len) != 0)
			continue;
		if (i > 0 && import_detect_is_wordchar(import_detect_prev(hay,
		    i, &start)))
			continue;
		if (j < hay.len && import_detect_is_wordchar(
		    import_detect_next(hay, &j)))
			continue;
		return hay.p + i;
	}
	return NULL;
}

/*
 * A place: at most TEXT_PLACE_WORDS words of a name ("Moscow", "New York",
 * "Rio de Janeiro", "Санкт-Петербург", "موسكو").
 */
static bool
text_place_ok(struct str s)
{
	struct str w, rest = s;
	int n = 0;

	if (s.len == 0 || s.len > TEXT_PLACE_MAX)
		return false;
	while (text_take_word(&rest, &w)) {
		enum text_word_case c = text_word_case(w);

		if (c == TEXT_WORD_BAD || (n == 0 && c == TEXT_WORD_PARTICLE) ||
		    ++n > TEXT_PLACE_WORDS)
			return false;
	}
	return n > 0;
}

static bool
text_is_comma(uint32_t cp)
{
	return cp == ',' || cp == 0x60C || cp == 0xFF0C;	/* , ، ， */
}

/*
 * The place from the title's tail: "…, Moscow, June 11, 2015" gives
 * "Moscow". The tail date is only a marker: the date line decides the
 * date. An empty slice when the title does not end that way.
 */
static struct str
text_title_place(struct str title)
{
	size_t commas[4], ends[4], nc = 0, i = 0;

	/* the last four commas: start and end byte of each */
	while (i < title.len) {
		size_t at = i;

		if (text_is_comma(import_detect_next(title, &i))) {
			if (nc == 4) {
				memmove(commas, commas + 1, 3 * sizeof *commas);
				memmove(ends, ends + 1, 3 * sizeof *ends);
				nc = 3;
			}
			commas[nc] = at;
			ends[nc++] = i;
		}
	}
	/* the date may itself hold a comma ("June 11, 2015") */
	for (size_t c = nc; c-- > 1 && nc - c <= 2;) {
		struct text_date dt;
		char why[8];
		size_t at;
		struct str tail = import_detect_trim(str_make(title.p + ends[c],
		    title.len - ends[c]));
		struct str place = import_detect_trim(str_make(
		    title.p + ends[c - 1], commas[c] - ends[c - 1]));

		if (text_date_parse(tail, &dt, why, sizeof why, &at) !=
		    TEXT_DATE_OK)
			continue;
		if (text_place_ok(place))
			return place;
		break;
	}
	return str_make(title.p, 0);
}

/*
 * The capitalised words right before the speaker's name in the page title:
 * "Foreign Minister Sergey Lavrov’s statement" gives "Foreign Minister".
 * Leading common words ("The") are not part of it. Empty when the title
 * does not name the speaker.
 */
static struct str
text_person_title(struct str title, struct str name)
{
	const char *hit = text_find_words(title, name);
	size_t pos, start, first = 0, last = 0;
	int words = 0;

	if (hit == NULL)
		return str_make(title.p, 0);
	pos = (size_t)(hit - title.p);
	while (words < TEXT_TITLE_WORDS) {
		size_t wend, wstart, before = pos;
		struct str w;

		/* back over the spaces to the end of the previous word */
		while (pos > 0 && import_detect_is_space(import_detect_prev(
		    title, pos, &start)))
			pos = start;
		if (pos == before)
			break;	/* "(Sergey Lavrov" or the start of the title */
		wend = pos;
		while (pos > 0 && !import_detect_is_space(import_detect_prev(
		    title, pos, &start)))
			pos = start;
		wstart = pos;
		w = str_make(title.p + wstart, wend - wstart);
		if (w.len == 0 || text_word_case(w) != TEXT_WORD_UPPER)
			break;
		if (words == 0)
			last = wend;
		first = wstart;
		words++;
	}
	/* drop leading common words: "The Foreign Minister" */
	while (words > 0) {
		struct str rest = str_make(title.p + first, last - first), w;

		if (!text_take_word(&rest, &w) || import_detect_word(w) == 0)
			break;
		first = (size_t)(rest.p - title.p);
		words--;
	}
	if (words == 0)
		return str_make(title.p, 0);
	return import_detect_trim(str_make(title.p + first, last - first));
}

enum text_locales_result {
	TEXT_LOCALES_NO,	/* not a line of locales */
	TEXT_LOCALES_OK,
	TEXT_LOCALES_BAD,	/* a bullet, then something that is no tag */
	TEXT_LOCALES_RESULT__MAX
};

static bool
text_is_bullet(uint32_t cp)
{
	return cp == 0x2022 || cp == 0xB7 || cp == 0x25CF || cp == 0x2023 ||
	    cp == 0x25AA || cp == '*' || cp == 0x2219;
}

/*
 * A tag a site announces: a language of two or three letters; when simple,
 * followed only by an optional script and region ("sr-Latn-RS").
 */
static bool
text_tag_ok(const struct locale *l, bool simple)
{
	struct str rest = str_from(l->tag), sub;
	int n = 0;

	while (str_take_until(&rest, '-', &sub)) {
		n++;
		if (n == 1 && (sub.len < 2 || sub.len > 3))
			return false;
		if (!simple)
			return true;
		if (n > 1 && sub.len != 4 && sub.len != 2 && sub.len != 3)
			return false;
		if (n > 3)
			return false;
	}
	return n > 0;
}

/*
 * One announced locale with its count: "de-DE1" is de-DE (the digits
 * after a tag count something on the site). A tag that ends in digits of
 * its own ("es-419") is found by trying the cuts that leave a plain tag.
 */
static bool
text_locale_token(struct str tok, struct locale *out, bool *counted)
{
	size_t nd = 0, k;

	while (nd < tok.len && tok.p[tok.len - 1 - nd] >= '0' &&
	    tok.p[tok.len - 1 - nd] <= '9')
		nd++;
	for (int pass = 0; pass < 2; pass++)
		for (k = 1; k <= nd && k < tok.len; k++) {
			struct str t = str_make(tok.p, tok.len - k);

			if (t.p[t.len - 1] == '-' || t.p[t.len - 1] == '_')
				continue;
			if (locale_parse(t, out) == ERR_OK &&
			    text_tag_ok(out, pass == 0)) {
				*counted = true;
				return true;
			}
		}
	*counted = false;
	return locale_parse(tok, out) == ERR_OK && text_tag_ok(out, false);
}

/*
 * The line of announced locales: "  • de-DE1 en-GB1 es-ES1". Without a
 * bullet every token must carry a count or a region so that an ordinary
 * line ("Thank you") is not taken for one. Duplicates are dropped.
 */
static enum text_locales_result
text_locales(struct text_parser *p, const struct text_line *l, bool keep,
    enum err *e)
{
	struct str rest = l->s, tok;
	size_t i = 0, ntok = 0;
	bool bullet = false;

	*e = ERR_OK;
	if (rest.len > 0 && text_is_bullet(import_detect_next(rest, &i))) {
		bullet = true;
		rest.p += i;
		rest.len -= i;
	}
	while (text_take_word(&rest, &tok)) {
		struct locale loc;
		bool counted, dup = false;

		if (!text_locale_token(tok, &loc, &counted)) {
			if (!bullet)
				return TEXT_LOCALES_NO;
			if (keep) {
				diag_set(p->d, l->no, text_col(l, tok.p),
				    "\"%.*s%s\" is not a language tag "
				    "(such as en-GB) in the line of "
				    "announced locales", text_quote_len(tok),
				    tok.p, text_quote_more(tok));
				*e = ERR_INVAL;
			}
			return TEXT_LOCALES_BAD;
		}
		if (!bullet && !counted && memchr(tok.p, '-', tok.len) == NULL)
			return TEXT_LOCALES_NO;
		ntok++;
		if (!keep)
			continue;
		for (size_t k = 0; k < p->as->nlocales; k++)
			dup = dup || locale_eq(&p->as->locales[k], &loc);
		if (dup)
			continue;
		if (p->as->nlocales == LIMIT_LOCALES) {
			diag_set(p->d, l->no, text_col(l, tok.p),
			    "more than %d announced locales", LIMIT_LOCALES);
			*e = ERR_LIMIT;
			return TEXT_LOCALES_BAD;
		}
		p->as->locales[p->as->nlocales++] = loc;
	}
	if (ntok == 0)
		return bullet ? TEXT_LOCALES_OK : TEXT_LOCALES_NO;
	return TEXT_LOCALES_OK;
}

/* ---- turns ---------------------------------------------------------- */

struct text_turn_start {
	enum turn_role role;
	struct str name;	/* speaker as written; empty for none */
	struct str note;	/* "(retranslated from Arabic)"; may be empty */
	size_t skip;		/* bytes of the line that the label takes */
};

static bool
text_is_colon(uint32_t cp)
{
	return cp == ':' || cp == 0xFF1A;
}

static bool
text_known_speaker(const struct text_parser *p, struct str name)
{
	if (p->in_turn && str_eq(p->name, name))
		return true;
	for (size_t i = 0; i < p->as->nspeakers; i++)
		if (str_eq_cstr(name, p->as->speakers[i].name))
			return true;
	return false;
}

/* "С.В.Лавров", "S.Lavrov": a capital and a dot before another letter */
static bool
text_has_initials(struct str w)
{
	size_t i = 0;
	uint32_t prev = 0, cur = 0;

	while (i < w.len) {
		uint32_t next = import_detect_next(w, &i);

		if (cur == '.' && import_detect_is_upper(prev) &&
		    import_detect_is_letter(next))
			return true;
		prev = cur;
		cur = next;
	}
	return false;
}

/*
 * Whether s (a name as written before a colon) names a speaker: 1 to
 * TEXT_NAME_WORDS words each starting with a capital (particles such as
 * "al-" or "de" aside), not starting with a common word ("The", "Dear"),
 * at most TEXT_NAME_MAX bytes. A single word counts only when it is a known
 * speaker or has initials; a name in a script without capitals only when
 * it is a known speaker or the page title names it.
 */
static bool
text_is_name(const struct text_parser *p, struct str s)
{
	struct str rest = s, w, first = { s.p, 0 };
	int n = 0;
	bool caseless = false;

	if (s.len == 0 || s.len > TEXT_NAME_MAX)
		return false;
	while (text_take_word(&rest, &w)) {
		enum text_word_case c = text_word_case(w);

		if (++n > TEXT_NAME_WORDS || c == TEXT_WORD_BAD)
			return false;
		if (n == 1) {
			if (c == TEXT_WORD_PARTICLE)
				return false;
			first = w;
		}
		if (c == TEXT_WORD_CASELESS)
			caseless = true;
	}
	if (n == 0)
		return false;
	if (text_known_speaker(p, s))
		return true;
	if (caseless)
		return n > 0 && text_find_words(p->title, s) != NULL;
	if (import_detect_word(first) != 0)
		return false;
	if (n == 1)
		return text_has_initials(s);
	return true;
}

/*
 * Whether a paragraph whose first line is s opens a turn: a label
 * ("Question:", "Вопрос:", "Question :", "سؤال:") or a speaker's name
 * followed by a colon (a space after it is optional: scrapers glue words).
 * A note in parentheses before the colon is kept for the text.
 */
static bool
text_turn_start(const struct text_parser *p, struct str s,
    struct text_turn_start *out)
{
	size_t i = 0, colon = s.len, scan;
	struct str head, note = { s.p, 0 };

	/* the colon, and what precedes it */
	scan = s.len < TEXT_LABEL_SCAN ? s.len : TEXT_LABEL_SCAN;
	while (i < scan) {
		size_t at = i;

		if (text_is_colon(import_detect_next(s, &i))) {
			colon = at;
			break;
		}
	}
	if (colon == s.len)
		return false;
	head = import_detect_trim(str_make(s.p, colon));
	if (head.len > 0 && head.p[head.len - 1] == ')') {
		size_t open = head.len;

		while (open > 0 && head.p[open - 1] != '(')
			open--;
		if (open == 0 || head.len - open + 1 > TEXT_NOTE_MAX)
			return false;
		note = str_make(head.p + open - 1, head.len - open + 1);
		head = import_detect_trim(str_make(head.p, open - 1));
	}
	memset(out, 0, sizeof *out);
	out->note = note;
	out->name = str_make(s.p, 0);
	out->skip = i;	/* just after the colon */
	for (size_t k = 0; k < TEXT_NELEM(text_labels); k++) {
		if (!import_detect_caseeq(head, text_labels[k].word))
			continue;
		out->role = text_labels[k].role;
		if (text_labels[k].speaker)
			out->name = head;
		return true;
	}
	if (!text_is_name(p, head))
		return false;
	out->name = head;
	out->role = p->seen_question ? TURN_ROLE_ANSWER : TURN_ROLE_STATEMENT;
	return true;
}

static enum err
text_block_add(struct text_parser *p, enum block_type type,
    enum turn_role role, int speaker, struct str text, unsigned no)
{
	char id[BLOCK_ID_MAX];
	enum err e;

	if (p->tr.nblocks >= LIMIT_BLOCKS) {
		diag_set(p->d, no, 0, "more than %d paragraphs and turns",
		    LIMIT_BLOCKS);
		return ERR_LIMIT;
	}
	if (type == BLOCK_TURN)
		snprintf(id, sizeof id, "t%u", ++p->nt);
	else
		snprintf(id, sizeof id, "p%u", ++p->np);
	e = translation_block_add(p->a, &p->tr, id, type, role, speaker,
	    text.p, text.len);
	return e == ERR_OK ? e : text_nomem(p, e);
}

static enum err
text_turn_end(struct text_parser *p)
{
	char *name = NULL, *title = NULL;
	int speaker = -1;
	struct str t;
	enum err e;

	if (!p->in_turn)
		return ERR_OK;
	p->in_turn = false;
	if (p->turn.err == ERR_LIMIT) {
		diag_set(p->d, p->turn_no, 0, "the turn that starts here is "
		    "longer than %u bytes", LIMIT_BLOCK_TEXT_BYTES);
		return ERR_LIMIT;
	}
	if (p->turn.err != ERR_OK)
		return text_nomem(p, p->turn.err);
	if (p->turn.len == 0)
		return ERR_OK;	/* a label and nothing after it */
	if (p->name.len > 0) {
		name = arena_strndup(p->a, p->name.p, p->name.len);
		t = text_person_title(p->title, p->name);
		if (t.len > 0 && t.len <= LIMIT_PERSON_TITLE_BYTES)
			title = arena_strndup(p->a, t.p, t.len);
		if (name == NULL || (t.len > 0 && t.len <=
		    LIMIT_PERSON_TITLE_BYTES && title == NULL))
			return text_nomem(p, p->a->err);
		e = asset_speaker_intern(p->a, p->as, name, title, &speaker);
		if (e == ERR_LIMIT && p->as->nspeakers >= LIMIT_SPEAKERS) {
			diag_set(p->d, p->turn_no, 0, "more than %d speakers",
			    LIMIT_SPEAKERS);
			return e;
		}
		if (e != ERR_OK)
			return text_nomem(p, e);
	}
	p->has_turns = true;
	return text_block_add(p, BLOCK_TURN, p->role, speaker,
	    buf_str(&p->turn), p->turn_no);
}

/* The paragraph gathered so far becomes a paragraph or part of a turn. */
static enum err
text_para_end(struct text_parser *p)
{
	struct text_turn_start ts;
	struct str s, rest;
	enum err e;

	if (p->para.err == ERR_LIMIT) {
		diag_set(p->d, p->para_no, 0, "the paragraph that starts here "
		    "is longer than %u bytes", LIMIT_BLOCK_TEXT_BYTES);
		return ERR_LIMIT;
	}
	if (p->para.err != ERR_OK)
		return text_nomem(p, p->para.err);
	if (p->para.len == 0)
		return ERR_OK;
	s = buf_str(&p->para);
	if (text_turn_start(p, p->para_first, &ts)) {
		e = text_turn_end(p);
		if (e != ERR_OK)
			return e;
		rest = import_detect_trim(str_make(s.p + ts.skip,
		    s.len - ts.skip));
		p->in_turn = true;
		p->role = ts.role;
		p->name = ts.name;
		p->turn_no = p->para_no;
		if (ts.role == TURN_ROLE_QUESTION)
			p->seen_question = true;
		buf_reset(&p->turn);
		buf_addstr(&p->turn, ts.note);
		if (ts.note.len > 0 && rest.len > 0)
			buf_addc(&p->turn, ' ');
		buf_addstr(&p->turn, rest);
		import_detect_feed(&p->dt, rest);
	} else if (p->in_turn) {
		if (p->turn.len > 0)
			buf_adds(&p->turn, "\n\n");
		buf_addstr(&p->turn, s);
		import_detect_feed(&p->dt, s);
	} else {
		e = text_block_add(p, BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1, s,
		    p->para_no);
		if (e != ERR_OK)
			return e;
		import_detect_feed(&p->dt, s);
	}
	buf_reset(&p->para);
	return ERR_OK;
}

/* Everything after the header up to the furniture at the tail. */
static enum err
text_body(struct text_parser *p, struct text_cursor *c)
{
	struct text_line l;
	struct text_turn_start ts;
	enum err e;

	while (text_cursor_next(c, &l)) {
		struct str t = import_detect_trim(l.s);
		enum text_furniture f = t.len > 0 ? text_furniture(t) :
		    TEXT_FURNITURE_SKIP;

		if (f == TEXT_FURNITURE_END)
			break;
		if (f == TEXT_FURNITURE_SKIP) {
			e = text_para_end(p);
			if (e != ERR_OK)
				return e;
			continue;
		}
		/* a line that opens a turn opens a paragraph too */
		if (p->para.len > 0 && text_turn_start(p, t, &ts)) {
			e = text_para_end(p);
			if (e != ERR_OK)
				return e;
		}
		if (p->para.len == 0) {
			p->para_first = t;
			p->para_no = l.no;
		} else {
			buf_addc(&p->para, '\n');
		}
		buf_addstr(&p->para, t);
	}
	e = text_para_end(p);
	if (e != ERR_OK)
		return e;
	return text_turn_end(p);
}

/* ---- putting it together -------------------------------------------- */

static enum asset_kind
text_kind(const struct text_parser *p)
{
	for (size_t k = 0; k < TEXT_NELEM(text_kind_words); k++) {
		enum asset_kind kind = text_kind_words[k].kind;
		bool qa_kind = kind == ASSET_KIND_INTERVIEW ||
		    kind == ASSET_KIND_BRIEFING;
		size_t i = 0;

		if (qa_kind != p->has_turns)
			continue;
		/* at every word start of the title */
		while (i < p->title.len) {
			size_t at = i, m, start, j;
			struct str rest;

			import_detect_next(p->title, &i);
			if (at > 0 && import_detect_is_wordchar(
			    import_detect_prev(p->title, at, &start)))
				continue;
			rest = str_make(p->title.p + at, p->title.len - at);
			m = import_detect_prefix(rest, text_kind_words[k].word);
			if (m == 0)
				continue;
			j = m;
			if (text_kind_words[k].whole && j < rest.len &&
			    import_detect_is_wordchar(import_detect_next(rest,
			    &j)))
				continue;
			return kind;
		}
	}
	return p->has_turns ? ASSET_KIND_TRANSCRIPT : ASSET_KIND_NEWS;
}

/* The date line (first or second line with content) and the title. */
static enum err
text_header(struct text_parser *p, struct text_cursor *c,
    struct text_date *date, struct text_line *dl)
{
	struct text_line l1, l2, tl;
	enum text_date_result r;
	char why[DIAG_MSG_MAX];
	size_t at = 0;
	bool have_title = false;
	enum err e;

	if (!text_next_content(c, &l1)) {
		diag_set(p->d, c->no > 1 ? c->no - 1 : 1, 0, "no date line: "
		    "the page has nothing but site furniture");
		return ERR_INVAL;
	}
	r = text_date_parse(l1.s, date, why, sizeof why, &at);
	*dl = l1;
	if (r == TEXT_DATE_NO) {
		struct text_cursor look = *c;

		if (text_next_content(&look, &l2) && (r = text_date_parse(l2.s,
		    date, why, sizeof why, &at)) != TEXT_DATE_NO) {
			*c = look;
			*dl = l2;
			tl = l1;
			have_title = true;
		} else {
			diag_set(p->d, l1.no, 1, "no date line: expected the "
			    "page's date and time (such as \"11 June 2015 "
			    "18:30\") before the title, found \"%.*s%s\"",
			    text_quote_len(l1.s), l1.s.p,
			    text_quote_more(l1.s));
			return ERR_INVAL;
		}
	}
	if (r == TEXT_DATE_BAD) {
		diag_set(p->d, dl->no, text_col(dl, dl->s.p + at), "%s",
		    why);
		return ERR_INVAL;
	}
	if (!have_title && (!text_next_content(c, &tl) ||
	    text_locales(p, &tl, false, &e) != TEXT_LOCALES_NO)) {
		diag_set(p->d, dl->no, 0, "no title: expected the title on a "
		    "line after the date");
		return ERR_INVAL;
	}
	if (tl.s.len > LIMIT_TITLE_BYTES) {
		diag_set(p->d, tl.no, 0, "the title is longer than %d bytes",
		    LIMIT_TITLE_BYTES);
		return ERR_LIMIT;
	}
	p->title = tl.s;
	p->title_no = tl.no;
	return ERR_OK;
}

/* The locales line after the title, if there is one. */
static enum err
text_locales_line(struct text_parser *p, struct text_cursor *c)
{
	struct text_cursor look = *c;
	struct text_line l;
	enum err e = ERR_OK;

	if (!text_next_content(&look, &l))
		return ERR_OK;
	if (text_locales(p, &l, false, &e) == TEXT_LOCALES_NO)
		return ERR_OK;
	*c = look;
	p->as->locales = arena_calloc(p->a, LIMIT_LOCALES,
	    sizeof *p->as->locales);
	if (p->as->locales == NULL)
		return text_nomem(p, p->a->err);
	text_locales(p, &l, true, &e);
	return e;
}

/* The translation's locale: given, or detected among the announced ones. */
static enum err
text_choose_locale(struct text_parser *p, struct locale *out)
{
	char lang[LOCALE_LANG_MAX], why[120], have[LOCALE_LANG_MAX];

	if (p->locale != NULL) {
		*out = *p->locale;
		return ERR_OK;
	}
	import_detect_feed(&p->dt, p->title);
	if (!import_detect_finish(&p->dt, lang, why, sizeof why)) {
		diag_set(p->d, p->title_no, 0, "cannot tell which language the "
		    "page is in (%s): give it with --locale", why);
		return ERR_INVAL;
	}
	for (size_t i = 0; i < p->as->nlocales; i++) {
		locale_language(&p->as->locales[i], have);
		if (strcmp(have, lang) == 0) {
			*out = p->as->locales[i];
			return ERR_OK;
		}
	}
	if (locale_parse(str_from(lang), out) != ERR_OK) {
		diag_set(p->d, p->title_no, 0, "cannot tell which language the "
		    "page is in: give it with --locale");
		return ERR_INVAL;
	}
	return ERR_OK;
}

/* Local wall-clock time of the date line to a UTC instant and offset. */
static enum err
text_event_time(struct text_parser *p, const struct text_date *date,
    const struct text_line *dl)
{
	char rfc[TIME_RFC3339_MAX];
	struct str ds = str_make(dl->s.p + date->off, date->end - date->off);
	int64_t local, utc;
	int off;

	if (time_from_civil(&date->c, &local) != ERR_OK)
		goto range;
	if (tz_to_utc(p->tz, local, &utc, &off) != ERR_OK) {
		diag_set(p->d, dl->no, text_col(dl, dl->s.p + date->off),
		    "%02d:%02d on \"%.*s\" never happened in %s: the clocks "
		    "were put forward", date->c.hour, date->c.min,
		    (int)ds.len, ds.p, tz_name(p->tz));
		return ERR_INVAL;
	}
	if (time_format_rfc3339(utc, off, rfc) != ERR_OK)
		goto range;
	p->as->event_at = utc;
	p->as->event_offset = off;
	return ERR_OK;
range:
	diag_set(p->d, dl->no, text_col(dl, dl->s.p + date->off),
	    "\"%.*s\" is outside the years pressroom can store", (int)ds.len,
	    ds.p);
	return ERR_INVAL;
}

static enum err
text_finish(struct text_parser *p)
{
	struct translation *t;
	struct locale loc;
	struct str place;
	char *slug;
	enum err e;

	e = text_choose_locale(p, &loc);
	if (e != ERR_OK)
		return e;
	if (p->as->nlocales == 0) {
		p->as->locales = arena_calloc(p->a, 1, sizeof *p->as->locales);
		if (p->as->locales == NULL)
			return text_nomem(p, p->a->err);
		p->as->locales[0] = loc;
		p->as->nlocales = 1;
	}
	e = asset_translation_add(p->a, p->as, &loc, &t);
	if (e != ERR_OK)
		return text_nomem(p, e);
	t->title = arena_strndup(p->a, p->title.p, p->title.len);
	place = text_title_place(p->title);
	p->as->place = arena_strndup(p->a, place.p, place.len);
	if (t->title == NULL || p->as->place == NULL)
		return text_nomem(p, p->a->err);
	t->blocks = p->tr.blocks;
	t->nblocks = p->tr.nblocks;
	p->as->kind = text_kind(p);
	e = import_make_slug(p->a, p->as, t->title, &slug);
	if (e != ERR_OK)
		return text_nomem(p, e);
	p->as->slug = slug;
	return asset_validate(p->as, p->d);
}

enum err
import_text_parse(struct arena *a, const char *text, size_t n,
    const struct import_opts *opts, struct asset **out, struct diag *d)
{
	struct text_parser p;
	struct text_cursor c;
	struct text_date date;
	struct text_line dl;
	enum err e;

	memset(&p, 0, sizeof p);
	buf_init(&p.para, LIMIT_BLOCK_TEXT_BYTES);
	buf_init(&p.turn, LIMIT_BLOCK_TEXT_BYTES);
	e = import_check_text(text, n, d);
	if (e != ERR_OK)
		goto out;
	p.a = a;
	p.d = d;
	p.tz = opts != NULL && opts->tz != NULL ? opts->tz : tz_utc();
	p.locale = opts != NULL ? opts->locale : NULL;
	import_detect_init(&p.dt);
	p.as = asset_new(a);
	if (p.as == NULL) {
		e = text_nomem(&p, a->err);
		goto out;
	}
	/* an archive page was public where it came from; publish_at 0 is
	 * "when it is saved" */
	p.as->status = ASSET_PUBLISHED;
	if (opts != NULL && opts->source != NULL) {
		p.as->source = arena_strdup(a, opts->source);
		if (p.as->source == NULL) {
			e = text_nomem(&p, a->err);
			goto out;
		}
	}
	c.rest = str_make(text, n);
	c.no = 1;
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		c.rest.p += 3;
		c.rest.len -= 3;
	}
	if ((e = text_header(&p, &c, &date, &dl)) != ERR_OK ||
	    (e = text_event_time(&p, &date, &dl)) != ERR_OK ||
	    (e = text_locales_line(&p, &c)) != ERR_OK ||
	    (e = text_body(&p, &c)) != ERR_OK ||
	    (e = text_finish(&p)) != ERR_OK)
		goto out;
	*out = p.as;
out:
	buf_release(&p.para);
	buf_release(&p.turn);
	return e;
}
