/*
 * test_asset_json.c - unit tests for src/core/asset_json.c: the canonical
 * JSON form of an asset. Round trips (asset -> JSON -> asset, text -> asset
 * -> text), byte-for-byte stable output with a pinned key order, every
 * rejection path of asset_from_json with its diag message, the defaults
 * (auto-numbered block ids, announced locales, turn role), and allocation
 * failure injected at every step of parsing and writing, including
 * jansson's own allocations (asset_json_setup routes them to mem_alloc).
 *
 * Does not test the store's use of the JSON or the HTTP API's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "pressroom/asset_json.h"
#include "pressroom/limits.h"
#include "pressroom/mem.h"
#include "pressroom/time.h"
#include "pressroom/banned.h"

static struct arena arena;

static int
group_setup(void **state)
{
	(void)state;
	asset_json_setup();
	return 0;
}

static int
setup(void **state)
{
	(void)state;
	arena_init(&arena, 256u << 20);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	mem_fail_after(0);
	arena_release(&arena);
	return 0;
}

/* JSON text written with ' for " (the tests need no apostrophes) */
static char *
jq(const char *s)
{
	size_t n = strlen(s);
	char *p = arena_alloc(&arena, n + 1);

	assert_non_null(p);
	for (size_t i = 0; i <= n; i++)
		p[i] = s[i] == '\'' ? '"' : s[i];
	return p;
}

#define BASE_JSON \
	"{'slug': 'lavrov-press-conference', 'kind': 'transcript'," \
	" 'published_at': '2015-06-11T18:30:00+03:00', 'place': 'Moscow'," \
	" 'locales': ['en-GB', 'ru-RU']," \
	" 'speakers': [" \
	"   {'name': 'Sergey Lavrov', 'title': 'Foreign Minister'}," \
	"   {'name': 'Question', 'title': null}]," \
	" 'translations': {" \
	"  'en-GB': {'title': 'Press conference', 'summary': 'Summary.'," \
	"   'blocks': [" \
	"    {'id': 'p1', 'type': 'paragraph', 'text': 'Opening.'}," \
	"    {'id': 't1', 'type': 'turn', 'role': 'question'," \
	"     'speaker': 'Question', 'text': 'A question?'}," \
	"    {'id': 't2', 'type': 'turn', 'role': 'answer'," \
	"     'speaker': 'Sergey Lavrov', 'text': 'An answer.'}]}," \
	"  'ru-RU': {'title': 'Press-konferentsiya', " \
	"   'blocks': [" \
	"    {'id': 'p1', 'type': 'paragraph', 'text': 'Vstuplenie.'}," \
	"    {'id': 't1', 'type': 'turn', 'role': 'question'," \
	"     'speaker': 'Question', 'text': 'Vopros?'}," \
	"    {'id': 't2', 'type': 'turn', 'role': 'answer'," \
	"     'speaker': 'Sergey Lavrov', 'text': 'Otvet.'}]}}," \
	" 'related': [5, 7]}"

static json_t *
load(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(jq(text), JSON_REJECT_DUPLICATES, &jerr);

	if (j == NULL)
		fail_msg("test JSON: %d:%d: %s", jerr.line, jerr.column,
		    jerr.text);
	return j;
}

static json_t *
base(void)
{
	return load(BASE_JSON);
}

static json_t *
tr(json_t *j, const char *tag)
{
	json_t *t = json_object_get(json_object_get(j, "translations"), tag);

	assert_non_null(t);
	return t;
}

static json_t *
blk(json_t *j, const char *tag, size_t i)
{
	json_t *b = json_array_get(json_object_get(tr(j, tag), "blocks"), i);

	assert_non_null(b);
	return b;
}

/* asset_from_json(j) is refused with want and a message starting with
 * prefix; j is released */
static void
reject(json_t *j, enum err want, const char *prefix)
{
	struct asset *as = (struct asset *)0x1;
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = asset_from_json(&arena, j, &as, &d);
	json_decref(j);
	if (e != want)
		fail_msg("asset_from_json: %s (%s), want %s", err_str(e),
		    d.msg, err_str(want));
	if (strncmp(d.msg, prefix, strlen(prefix)) != 0)
		fail_msg("message \"%s\" does not start with \"%s\"", d.msg,
		    prefix);
	assert_ptr_equal(as, (struct asset *)0x1);
}

static struct asset *
accept(json_t *j)
{
	struct asset *as = NULL;
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = asset_from_json(&arena, j, &as, &d);
	json_decref(j);
	if (e != ERR_OK)
		fail_msg("asset_from_json: %s: %s", err_str(e), d.msg);
	assert_non_null(as);
	return as;
}

/* asset_json_parse(text) is refused with want and a message prefix */
static void
reject_text(const char *text, size_t n, enum err want, const char *prefix)
{
	struct asset *as = (struct asset *)0x1;
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = asset_json_parse(&arena, text, n, &as, &d);
	if (e != want)
		fail_msg("asset_json_parse: %s (%s), want %s", err_str(e),
		    d.msg, err_str(want));
	if (strstr(d.msg, prefix) == NULL)
		fail_msg("message \"%s\" does not contain \"%s\"", d.msg,
		    prefix);
	assert_ptr_equal(as, (struct asset *)0x1);
}

/* --- building and comparing assets ------------------------------------- */

static struct locale
loc(const char *s)
{
	struct locale l;

	assert_int_equal(locale_parse(str_from(s), &l), ERR_OK);
	return l;
}

static void
add_block(struct translation *t, const char *id, enum block_type type,
    enum turn_role role, int speaker, const char *text)
{
	assert_int_equal(translation_block_add(&arena, t, id, type, role,
	    speaker, text, strlen(text)), ERR_OK);
}

/* an asset using every field, with text that needs escaping in JSON */
static struct asset *
make_asset(void)
{
	struct asset *as = asset_new(&arena);
	struct translation *t;
	struct locale l;
	int lavrov, q;

	assert_non_null(as);
	as->id = 42;
	as->slug = arena_strdup(&arena, "lavrov-press-conference");
	as->kind = ASSET_KIND_TRANSCRIPT;
	as->event_at = 1434036600;
	as->event_offset = 10800;
	as->place = arena_strdup(&arena, "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA"
	    "\xD0\xB2\xD0\xB0");
	as->locales = arena_calloc(&arena, 3, sizeof *as->locales);
	as->locales[0] = loc("ru-RU");
	as->locales[1] = loc("en-GB");
	as->locales[2] = loc("ar");
	as->nlocales = 3;
	assert_int_equal(asset_speaker_intern(&arena, as, "Sergey Lavrov",
	    "Minister of Foreign Affairs", &lavrov), ERR_OK);
	assert_int_equal(asset_speaker_intern(&arena, as, "Question", NULL,
	    &q), ERR_OK);
	l = loc("ru-RU");
	assert_int_equal(asset_translation_add(&arena, as, &l, &t), ERR_OK);
	t->title = arena_strdup(&arena, "\xD0\x9F\xD1\x80\xD0\xB5\xD1\x81\xD1"
	    "\x81-\xD0\xBA\xD0\xBE\xD0\xBD\xD1\x84\xD0\xB5\xD1\x80\xD0\xB5"
	    "\xD0\xBD\xD1\x86\xD0\xB8\xD1\x8F");
	add_block(t, "p1", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1,
	    "\xD0\x92\xD1\x81\xD1\x82\xD1\x83\xD0\xBF\xD0\xBB\xD0\xB5\xD0\xBD"
	    "\xD0\xB8\xD0\xB5.");
	add_block(t, "t1", BLOCK_TURN, TURN_ROLE_QUESTION, q, "?");
	add_block(t, "t2", BLOCK_TURN, TURN_ROLE_ANSWER, lavrov, "!");
	add_block(t, "t3", BLOCK_TURN, TURN_ROLE_REMARK, -1, "(remark)");
	l = loc("en-GB");
	assert_int_equal(asset_translation_add(&arena, as, &l, &t), ERR_OK);
	t->title = arena_strdup(&arena, "Press \"conference\" \\ </script>");
	t->summary = arena_strdup(&arena, "Line one\nline two\ttab \xF0\x9F\x98"
	    "\x80");
	add_block(t, "p1", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1,
	    "Opening.\n\nSecond paragraph with *Markdown*.");
	add_block(t, "t1", BLOCK_TURN, TURN_ROLE_QUESTION, q, "A question?");
	add_block(t, "t2", BLOCK_TURN, TURN_ROLE_ANSWER, lavrov, "An answer.");
	add_block(t, "p2", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1, "Closing.");
	l = loc("ar");
	assert_int_equal(asset_translation_add(&arena, as, &l, &t), ERR_OK);
	t->title = arena_strdup(&arena, "\xD8\xA8\xD9\x8A\xD8\xA7\xD9\x86");
	add_block(t, "t2", BLOCK_TURN, TURN_ROLE_ANSWER, lavrov,
	    "\xD8\xAC\xD9\x88\xD8\xA7\xD8\xA8");
	as->related = arena_calloc(&arena, 2, sizeof *as->related);
	as->related[0] = 7;
	as->related[1] = 9007199254740993LL;	/* beyond a double's 2^53 */
	as->nrelated = 2;
	as->source = arena_strdup(&arena, "file:lavrov.txt");
	as->revision = 3;
	as->created_at = 1434000000;
	as->updated_at = 1500000000;
	assert_int_equal(asset_validate(as, NULL), ERR_OK);
	return as;
}

static void
assert_str_eq_nullable(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* content equality; meta fields too when meta */
static void
assert_asset_equal(const struct asset *a, const struct asset *b, bool meta)
{
	assert_string_equal(a->slug, b->slug);
	assert_int_equal(a->kind, b->kind);
	assert_true(a->event_at == b->event_at);
	assert_int_equal(a->event_offset, b->event_offset);
	assert_string_equal(a->place, b->place);
	assert_int_equal(a->nlocales, b->nlocales);
	for (size_t i = 0; i < a->nlocales; i++)
		assert_string_equal(a->locales[i].tag, b->locales[i].tag);
	assert_int_equal(a->nspeakers, b->nspeakers);
	for (size_t i = 0; i < a->nspeakers; i++) {
		assert_string_equal(a->speakers[i].name, b->speakers[i].name);
		assert_str_eq_nullable(a->speakers[i].title,
		    b->speakers[i].title);
	}
	assert_int_equal(a->ntranslations, b->ntranslations);
	for (size_t i = 0; i < a->ntranslations; i++) {
		const struct translation *ta = &a->translations[i];
		const struct translation *tb = &b->translations[i];

		assert_string_equal(ta->locale.tag, tb->locale.tag);
		assert_string_equal(ta->title, tb->title);
		assert_string_equal(ta->summary, tb->summary);
		assert_int_equal(ta->nblocks, tb->nblocks);
		for (size_t k = 0; k < ta->nblocks; k++) {
			assert_string_equal(ta->blocks[k].id,
			    tb->blocks[k].id);
			assert_int_equal(ta->blocks[k].type,
			    tb->blocks[k].type);
			assert_int_equal(ta->blocks[k].role,
			    tb->blocks[k].role);
			assert_int_equal(ta->blocks[k].speaker,
			    tb->blocks[k].speaker);
			assert_string_equal(ta->blocks[k].text,
			    tb->blocks[k].text);
		}
	}
	assert_int_equal(a->nrelated, b->nrelated);
	for (size_t i = 0; i < a->nrelated; i++)
		assert_true(a->related[i] == b->related[i]);
	assert_str_eq_nullable(a->source, b->source);
	if (meta) {
		assert_true(a->id == b->id);
		assert_true(a->revision == b->revision);
		assert_true(a->created_at == b->created_at);
		assert_true(a->updated_at == b->updated_at);
	}
}

static char *
write_text(const struct asset *as, unsigned flags)
{
	struct buf b;
	char *p;

	buf_init(&b, LIMIT_ASSET_JSON_BYTES);
	assert_int_equal(asset_json_write(as, flags, &b), ERR_OK);
	p = arena_strndup(&arena, b.p, b.len);
	buf_release(&b);
	return p;
}

static struct asset *
parse_text(const char *text)
{
	struct asset *as = NULL;
	struct diag d;
	enum err e;

	diag_init(&d, NULL);
	e = asset_json_parse(&arena, text, strlen(text), &as, &d);
	if (e != ERR_OK)
		fail_msg("asset_json_parse: %s: %u:%u: %s", err_str(e),
		    d.line, d.col, d.msg);
	return as;
}

/* --- round trips and canonical output ----------------------------------- */

static void
test_round_trip_value(void **state)
{
	struct asset *as = make_asset(), *back;
	json_t *j = NULL;

	(void)state;
	assert_int_equal(asset_to_json(as, ASSET_JSON_META, &j), ERR_OK);
	back = accept(j);
	assert_asset_equal(as, back, true);

	/* content only: the meta fields are not written, so not read */
	assert_int_equal(asset_to_json(as, ASSET_JSON_CONTENT, &j), ERR_OK);
	assert_null(json_object_get(j, "id"));
	assert_null(json_object_get(j, "revision"));
	assert_null(json_object_get(j, "created_at"));
	back = accept(j);
	assert_asset_equal(as, back, false);
	assert_true(back->id == 0);
	assert_true(back->revision == 0);
	assert_true(back->created_at == 0);
}

static void
test_round_trip_text(void **state)
{
	static const unsigned flags[] = { ASSET_JSON_CONTENT, ASSET_JSON_META,
		ASSET_JSON_PRETTY, ASSET_JSON_META | ASSET_JSON_PRETTY };
	struct asset *as = make_asset();

	(void)state;
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		char *t1 = write_text(as, flags[i]), *t2;
		struct asset *back = parse_text(t1);

		assert_asset_equal(as, back, flags[i] & ASSET_JSON_META);
		/* writing what was read gives the same bytes */
		t2 = write_text(back, flags[i]);
		assert_string_equal(t1, t2);
		/* and writing twice does too */
		assert_string_equal(t1, write_text(as, flags[i]));
	}
}

static void
test_canonical_bytes(void **state)
{
	struct asset *as = asset_new(&arena);
	struct translation *t;
	struct locale l = loc("en");
	int sp;

	(void)state;
	as->slug = arena_strdup(&arena, "a-b");
	as->kind = ASSET_KIND_PRESS_RELEASE;
	as->event_at = 1434036600;
	as->event_offset = 0;
	assert_int_equal(asset_speaker_intern(&arena, as, "S", NULL, &sp),
	    ERR_OK);
	assert_int_equal(asset_translation_add(&arena, as, &l, &t), ERR_OK);
	t->title = arena_strdup(&arena, "T \"q\"");
	add_block(t, "p1", BLOCK_PARAGRAPH, TURN_ROLE_NONE, -1, "x\ny");
	add_block(t, "t1", BLOCK_TURN, TURN_ROLE_REMARK, sp, "z");
	as->locales = &t->locale;
	as->nlocales = 1;
	assert_string_equal(write_text(as, ASSET_JSON_CONTENT),
	    "{\"slug\":\"a-b\",\"kind\":\"press-release\","
	    "\"published_at\":\"2015-06-11T15:30:00+00:00\",\"place\":\"\","
	    "\"status\":\"draft\",\"publish_at\":null,"
	    "\"locales\":[\"en\"],\"speakers\":[{\"name\":\"S\","
	    "\"title\":null}],\"tags\":[],\"translations\":{\"en\":{\"title\":"
	    "\"T \\\"q\\\"\",\"summary\":\"\",\"dir\":\"ltr\",\"blocks\":["
	    "{\"id\":\"p1\",\"type\":\"paragraph\",\"role\":null,"
	    "\"speaker\":null,\"text\":\"x\\ny\"},{\"id\":\"t1\","
	    "\"type\":\"turn\",\"role\":\"remark\",\"speaker\":\"S\","
	    "\"text\":\"z\"}]}},\"related\":[]}");
	as->id = 9;
	as->revision = 2;
	as->created_at = 0;
	as->updated_at = 1;
	as->source = arena_strdup(&arena, "file:x");
	assert_string_equal(write_text(as, ASSET_JSON_META),
	    "{\"id\":9,\"slug\":\"a-b\",\"kind\":\"press-release\","
	    "\"published_at\":\"2015-06-11T15:30:00+00:00\",\"place\":\"\","
	    "\"status\":\"draft\",\"publish_at\":null,"
	    "\"locales\":[\"en\"],\"speakers\":[{\"name\":\"S\","
	    "\"title\":null}],\"tags\":[],\"translations\":{\"en\":{\"title\":"
	    "\"T \\\"q\\\"\",\"summary\":\"\",\"dir\":\"ltr\",\"blocks\":["
	    "{\"id\":\"p1\",\"type\":\"paragraph\",\"role\":null,"
	    "\"speaker\":null,\"text\":\"x\\ny\"},{\"id\":\"t1\","
	    "\"type\":\"turn\",\"role\":\"remark\",\"speaker\":\"S\","
	    "\"text\":\"z\"}]}},\"related\":[],\"source\":\"file:x\","
	    "\"revision\":2,\"created_at\":\"1970-01-01T00:00:00+00:00\","
	    "\"updated_at\":\"1970-01-01T00:00:01+00:00\"}");
}

static void
test_output_details(void **state)
{
	struct asset *as = make_asset();
	json_t *j = NULL, *t;
	char *pretty;

	(void)state;
	assert_int_equal(asset_to_json(as, ASSET_JSON_META, &j), ERR_OK);
	/* the offset kept as announced */
	assert_string_equal(json_string_value(json_object_get(j,
	    "published_at")), "2015-06-11T18:30:00+03:00");
	/* direction per translation */
	t = json_object_get(j, "translations");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(t, "ar"), "dir")), "rtl");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(t, "ru-RU"), "dir")), "ltr");
	/* translations keep their order */
	{
		const char *key, *want[] = { "ru-RU", "en-GB", "ar" };
		json_t *v;
		size_t i = 0;

		json_object_foreach(t, key, v) {
			assert_true(i < 3);
			assert_string_equal(key, want[i++]);
		}
	}
	/* 64-bit ids stay exact */
	assert_true(json_integer_value(json_array_get(json_object_get(j,
	    "related"), 1)) == 9007199254740993LL);
	json_decref(j);

	pretty = write_text(as, ASSET_JSON_PRETTY);
	assert_non_null(strstr(pretty, "\n  \"slug\": \"lavrov"));
	assert_null(strstr(write_text(as, 0), "\n"));
	/* non-ASCII text is written as UTF-8, not escaped */
	assert_non_null(strstr(pretty, "\xD0\x9C\xD0\xBE\xD1\x81"));
}

static void
test_write_limit(void **state)
{
	struct asset *as = make_asset();
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(asset_json_write(as, ASSET_JSON_META, &b), ERR_LIMIT);
	assert_int_equal(b.err, ERR_LIMIT);
	buf_release(&b);
	/* appends to what the buffer holds */
	buf_init(&b, 1u << 20);
	buf_adds(&b, "[");
	assert_int_equal(asset_json_write(as, 0, &b), ERR_OK);
	assert_memory_equal(b.p, "[{\"slug\"", 8);
	buf_release(&b);
}

/* --- what the reader fills in ------------------------------------------- */

static void
test_base_reads(void **state)
{
	struct asset *as = accept(base());

	(void)state;
	assert_string_equal(as->slug, "lavrov-press-conference");
	assert_int_equal(as->kind, ASSET_KIND_TRANSCRIPT);
	assert_true(as->event_at == 1434036600);
	assert_int_equal(as->event_offset, 10800);
	assert_int_equal(as->nspeakers, 2);
	assert_null(as->speakers[1].title);
	assert_int_equal(as->translations[0].blocks[2].speaker, 0);
	assert_int_equal(as->translations[1].blocks[1].speaker, 1);
	/* a missing summary is "" */
	assert_string_equal(as->translations[1].summary, "");
	assert_null(as->source);
	assert_true(as->id == 0);
}

static void
test_auto_ids(void **state)
{
	struct asset *as;
	json_t *j = load("{'slug': 'x', 'kind': 'interview',"
	    " 'published_at': '2024-01-01T00:00:00Z', 'translations': {"
	    "  'en': {'title': 'T', 'blocks': ["
	    "   {'text': 'a'}, {'type': 'turn', 'role': 'question',"
	    "   'text': 'b'}, {'type': 'paragraph', 'text': 'c'},"
	    "   {'type': 'turn', 'role': 'answer', 'text': 'd'},"
	    "   {'type': 'turn', 'role': 'answer', 'text': 'e'}]},"
	    "  'fr': {'title': 'T', 'blocks': ["
	    "   {'text': 'a'}, {'type': 'turn', 'role': 'question',"
	    "   'text': 'b'}]}}}");

	(void)state;
	as = accept(j);
	assert_int_equal(as->translations[0].nblocks, 5);
	assert_string_equal(as->translations[0].blocks[0].id, "p1");
	assert_string_equal(as->translations[0].blocks[1].id, "t1");
	assert_string_equal(as->translations[0].blocks[2].id, "p2");
	assert_string_equal(as->translations[0].blocks[3].id, "t2");
	assert_string_equal(as->translations[0].blocks[4].id, "t3");
	/* type defaults to paragraph */
	assert_int_equal(as->translations[0].blocks[0].type, BLOCK_PARAGRAPH);
	assert_int_equal(as->translations[0].blocks[0].role, TURN_ROLE_NONE);
	assert_int_equal(as->translations[0].blocks[0].speaker, -1);
	/* numbering starts again in every translation */
	assert_string_equal(as->translations[1].blocks[0].id, "p1");
	assert_string_equal(as->translations[1].blocks[1].id, "t1");
	/* id: null is the same as no id */
	j = load("{'slug': 'x', 'kind': 'news',"
	    " 'published_at': '2024-01-01T00:00:00Z', 'translations': {"
	    "  'en': {'title': 'T', 'blocks': [{'id': null, 'text': 'a'}]}}}");
	as = accept(j);
	assert_string_equal(as->translations[0].blocks[0].id, "p1");
}

static void
test_default_locales(void **state)
{
	struct asset *as;
	json_t *j;

	(void)state;
	j = base();
	json_object_del(j, "locales");
	as = accept(j);
	assert_int_equal(as->nlocales, 2);
	assert_string_equal(as->locales[0].tag, "en-GB");
	assert_string_equal(as->locales[1].tag, "ru-RU");

	j = base();
	json_object_set_new(j, "locales", json_null());
	as = accept(j);
	assert_int_equal(as->nlocales, 2);

	/* an explicit empty list stays empty */
	j = base();
	json_object_set_new(j, "locales", json_array());
	as = accept(j);
	assert_int_equal(as->nlocales, 0);

	/* announced in another order than translated: kept, normalised */
	j = base();
	json_object_set_new(j, "locales", json_pack("[sss]", "ru-ru", "fr",
	    "en_gb"));
	as = accept(j);
	assert_int_equal(as->nlocales, 3);
	assert_string_equal(as->locales[0].tag, "ru-RU");
	assert_string_equal(as->locales[1].tag, "fr");
	assert_string_equal(as->locales[2].tag, "en-GB");
}

static void
test_normalised_keys(void **state)
{
	struct asset *as;

	(void)state;
	as = accept(load("{'slug': 'x', 'kind': 'news',"
	    " 'published_at': '2024-01-01T00:00:00Z', 'translations': {"
	    "  'zh-hant-tw': {'title': 'T', 'blocks': []}}}"));
	assert_string_equal(as->translations[0].locale.tag, "zh-Hant-TW");
	assert_string_equal(as->locales[0].tag, "zh-Hant-TW");
}

static void
test_turn_defaults(void **state)
{
	struct asset *as;

	(void)state;
	/* a turn without a role is a statement; a speaker not in the list is
	 * added to it */
	as = accept(load("{'slug': 'x', 'kind': 'speech',"
	    " 'published_at': '2024-01-01T00:00:00Z', 'translations': {"
	    "  'en': {'title': 'T', 'blocks': [{'type': 'turn',"
	    "   'speaker': 'New Person', 'text': 'Hello.'}, {'type': 'turn',"
	    "   'role': null, 'text': 'x'}]}}}"));
	assert_int_equal(as->translations[0].blocks[0].role,
	    TURN_ROLE_STATEMENT);
	assert_int_equal(as->nspeakers, 1);
	assert_string_equal(as->speakers[0].name, "New Person");
	assert_null(as->speakers[0].title);
	assert_int_equal(as->translations[0].blocks[0].speaker, 0);
	assert_int_equal(as->translations[0].blocks[1].speaker, -1);
	assert_int_equal(as->translations[0].blocks[1].role,
	    TURN_ROLE_STATEMENT);
	/* a paragraph may carry role "" or null and speaker null */
	as = accept(load("{'slug': 'x', 'kind': 'speech',"
	    " 'published_at': '2024-01-01T00:00:00Z', 'translations': {"
	    "  'en': {'title': 'T', 'blocks': [{'type': 'paragraph',"
	    "   'role': '', 'speaker': null, 'text': 'a'}]}}}"));
	assert_int_equal(as->translations[0].blocks[0].role, TURN_ROLE_NONE);
	/* speakers may be plain strings */
	as = accept(load("{'slug': 'x', 'kind': 'speech',"
	    " 'published_at': '2024-01-01T00:00:00Z', 'speakers': ['A', 'B'],"
	    " 'translations': {'en': {'title': 'T'}}}"));
	assert_int_equal(as->nspeakers, 2);
	assert_string_equal(as->speakers[1].name, "B");
	assert_int_equal(as->translations[0].nblocks, 0);
}

static void
test_meta_reads(void **state)
{
	struct asset *as;
	json_t *j = base();

	(void)state;
	json_object_set_new(j, "id", json_integer(77));
	json_object_set_new(j, "revision", json_integer(4));
	json_object_set_new(j, "created_at",
	    json_string("2015-06-11T15:30:00Z"));
	json_object_set_new(j, "updated_at",
	    json_string("2015-06-11T18:30:01+03:00"));
	json_object_set_new(j, "source", json_string("file:a.txt"));
	json_object_set_new(j, "dir", json_string("ignored"));
	as = accept(j);
	assert_true(as->id == 77);
	assert_true(as->revision == 4);
	assert_true(as->created_at == 1434036600);
	assert_true(as->updated_at == 1434036601);
	assert_string_equal(as->source, "file:a.txt");
	/* null is as good as missing */
	j = base();
	json_object_set_new(j, "id", json_null());
	json_object_set_new(j, "created_at", json_null());
	json_object_set_new(j, "source", json_null());
	as = accept(j);
	assert_true(as->id == 0);
	assert_null(as->source);
}

static void
test_slug_missing(void **state)
{
	struct asset *as;
	json_t *j;

	(void)state;
	/* no slug: left empty for the caller, and not validated yet */
	j = base();
	json_object_del(j, "slug");
	json_object_set_new(tr(j, "en-GB"), "title", json_string(""));
	as = accept(j);
	assert_string_equal(as->slug, "");
	/* with a slug, validation runs and names the field */
	j = base();
	json_object_set_new(tr(j, "en-GB"), "title", json_string(""));
	reject(j, ERR_INVAL, "translations.en-GB.title: must not be empty");
	j = base();
	json_object_set_new(j, "slug", json_string("Not A Slug"));
	reject(j, ERR_INVAL, "slug: ");
}

/* --- rejections ----------------------------------------------------------- */

static void
test_reject_not_object(void **state)
{
	(void)state;
	reject(json_array(), ERR_INVAL, "an asset must be a JSON object");
	reject(json_string("x"), ERR_INVAL, "an asset must be a JSON object");
	reject(json_null(), ERR_INVAL, "an asset must be a JSON object");
}

static void
test_reject_kind(void **state)
{
	json_t *j;

	(void)state;
	j = base();
	json_object_del(j, "kind");
	reject(j, ERR_INVAL, "kind: is missing");
	j = base();
	json_object_set_new(j, "kind", json_null());
	reject(j, ERR_INVAL, "kind: must be a string");
	j = base();
	json_object_set_new(j, "kind", json_integer(1));
	reject(j, ERR_INVAL, "kind: must be a string");
	j = base();
	json_object_set_new(j, "kind", json_string("memo"));
	reject(j, ERR_INVAL, "kind: \"memo\" is not one of statement, speech");
	j = base();
	json_object_set_new(j, "kind", json_string("Statement"));
	reject(j, ERR_INVAL, "kind: \"Statement\" is not one of");
}

static void
test_reject_published_at(void **state)
{
	static const char *const bad[] = { "2015-06-11 18:30:00+03:00",
		"2015-06-11T18:30:00", "2015-06-31T18:30:00+03:00",
		"2015-06-11T18:30:00+19:00", "yesterday", "",
		"2015-06-11T18:30:00+03:00 " };
	json_t *j;

	(void)state;
	j = base();
	json_object_del(j, "published_at");
	reject(j, ERR_INVAL, "published_at: is missing");
	j = base();
	json_object_set_new(j, "published_at", json_null());
	reject(j, ERR_INVAL, "published_at: is missing");
	j = base();
	json_object_set_new(j, "published_at", json_integer(1434036600));
	reject(j, ERR_INVAL, "published_at: must be an RFC 3339 date-time");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = base();
		json_object_set_new(j, "published_at", json_string(bad[i]));
		reject(j, ERR_INVAL,
		    "published_at: must be an RFC 3339 date-time");
	}
	j = base();
	json_object_set_new(j, "updated_at", json_string("2015-06-11"));
	reject(j, ERR_INVAL, "updated_at: must be an RFC 3339 date-time");
	j = base();
	json_object_set_new(j, "created_at", json_true());
	reject(j, ERR_INVAL, "created_at: must be an RFC 3339 date-time");
}

static void
test_reject_scalars(void **state)
{
	json_t *j;

	(void)state;
	j = base();
	json_object_set_new(j, "id", json_integer(0));
	reject(j, ERR_INVAL, "id: must be a positive integer");
	j = base();
	json_object_set_new(j, "id", json_integer(-3));
	reject(j, ERR_INVAL, "id: must be a positive integer");
	j = base();
	json_object_set_new(j, "id", json_string("3"));
	reject(j, ERR_INVAL, "id: must be a positive integer");
	j = base();
	json_object_set_new(j, "slug", json_integer(3));
	reject(j, ERR_INVAL, "slug: must be a string");
	j = base();
	json_object_set_new(j, "place", json_array());
	reject(j, ERR_INVAL, "place: must be a string");
	j = base();
	json_object_set_new(j, "place", json_string("Two\nlines"));
	reject(j, ERR_INVAL, "place: must be a single line");
	j = base();
	json_object_set_new(j, "source", json_integer(1));
	reject(j, ERR_INVAL, "source: must be a string");
}

static void
test_reject_locales(void **state)
{
	json_t *j, *many;
	char tag[16];

	(void)state;
	j = base();
	json_object_set_new(j, "locales", json_string("en"));
	reject(j, ERR_INVAL, "locales: must be an array of language tags");
	j = base();
	json_object_set_new(j, "locales", json_pack("[ss]", "en", "e"));
	reject(j, ERR_INVAL, "locales[1]: is not a BCP 47 language tag");
	j = base();
	json_object_set_new(j, "locales", json_pack("[si]", "en", 5));
	reject(j, ERR_INVAL, "locales[1]: is not a BCP 47 language tag");
	j = base();
	json_object_set_new(j, "locales", json_pack("[ss]", "en", "EN"));
	reject(j, ERR_INVAL, "locales: en is listed twice");
	many = json_array();
	for (int i = 0; i <= LIMIT_LOCALES; i++) {
		snprintf(tag, sizeof tag, "en-x-n%d", i);
		json_array_append_new(many, json_string(tag));
	}
	j = base();
	json_object_set_new(j, "locales", many);
	reject(j, ERR_LIMIT, "locales: too many");
}

static void
test_reject_translation_keys(void **state)
{
	static const char *const bad[] = { "e", "123", "en-", "en--gb",
		"en_GB!", "i-klingon", "" };
	json_t *j, *t;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char want[64];

		j = base();
		t = json_object_get(j, "translations");
		json_object_set(t, bad[i], json_object_get(t, "en-GB"));
		snprintf(want, sizeof want, "translations.%s: is not a BCP 47",
		    bad[i]);
		reject(j, ERR_INVAL, want);
	}
	/* two keys that are one locale after normalisation */
	j = base();
	t = json_object_get(j, "translations");
	json_object_set(t, "en-gb", json_object_get(t, "en-GB"));
	reject(j, ERR_INVAL, "translations.en-gb: appears twice "
	    "(after normalisation)");
}

static void
test_reject_too_many_translations(void **state)
{
	json_t *j = base(), *t;
	char tag[16];

	(void)state;
	t = json_object();
	for (int i = 0; i <= LIMIT_LOCALES; i++) {
		snprintf(tag, sizeof tag, "en-x-n%d", i);
		json_object_set_new(t, tag, json_pack("{ss}", "title", "T"));
	}
	json_object_set_new(j, "translations", t);
	json_object_del(j, "locales");
	reject(j, ERR_LIMIT, "translations.en-x-n64: ");
}

static void
test_reject_translations_shape(void **state)
{
	json_t *j;

	(void)state;
	j = base();
	json_object_del(j, "translations");
	reject(j, ERR_INVAL, "translations: must be an object keyed by locale");
	j = base();
	json_object_set_new(j, "translations", json_array());
	reject(j, ERR_INVAL, "translations: must be an object keyed by locale");
	j = base();
	json_object_set_new(json_object_get(j, "translations"), "en-GB",
	    json_string("text"));
	reject(j, ERR_INVAL, "translations.en-GB: must be an object");
	j = base();
	json_object_del(tr(j, "ru-RU"), "title");
	reject(j, ERR_INVAL, "translations.ru-RU.title: is missing");
	j = base();
	json_object_set_new(tr(j, "ru-RU"), "title", json_null());
	reject(j, ERR_INVAL, "translations.ru-RU.title: must be a string");
	j = base();
	json_object_set_new(tr(j, "ru-RU"), "summary", json_integer(1));
	reject(j, ERR_INVAL, "translations.ru-RU.summary: must be a string");
	/* an empty translations object: refused by validation */
	j = base();
	json_object_set_new(j, "translations", json_object());
	reject(j, ERR_INVAL, "translations: an asset needs at least one");
}

static void
test_reject_blocks_shape(void **state)
{
	json_t *j;

	(void)state;
	j = base();
	json_object_set_new(tr(j, "en-GB"), "blocks", json_object());
	reject(j, ERR_INVAL, "translations.en-GB: blocks must be an array");
	j = base();
	json_object_set_new(tr(j, "en-GB"), "blocks", json_string("p1"));
	reject(j, ERR_INVAL, "translations.en-GB: blocks must be an array");
	j = base();
	json_array_append_new(json_object_get(tr(j, "en-GB"), "blocks"),
	    json_string("text"));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[3]: must be an object");
	j = base();
	json_object_del(blk(j, "en-GB", 1), "text");
	reject(j, ERR_INVAL, "translations.en-GB.blocks[1].text: is missing");
	j = base();
	json_object_set_new(blk(j, "en-GB", 1), "text", json_integer(5));
	reject(j, ERR_INVAL,
	    "translations.en-GB.blocks[1].text: must be a string");
	j = base();
	json_object_set_new(blk(j, "en-GB", 1), "type", json_string("quote"));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[1]: type must be "
	    "\"paragraph\" or \"turn\"");
	j = base();
	json_object_set_new(blk(j, "en-GB", 1), "type", json_null());
	reject(j, ERR_INVAL, "translations.en-GB.blocks[1].type: must be a "
	    "string");
	j = base();
	json_object_set_new(blk(j, "en-GB", 1), "id", json_integer(1));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[1].id: must be a "
	    "string");
	/* an id too long for a block: refused as input, not as a limit */
	j = base();
	json_object_set_new(blk(j, "en-GB", 1), "id",
	    json_string("t12345678901234"));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[1]: ");
	/* ids that the validator refuses */
	j = base();
	json_object_set_new(blk(j, "en-GB", 1), "id", json_string("p1"));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[1].id: ");
}

static void
test_reject_roles(void **state)
{
	json_t *j;

	(void)state;
	/* a paragraph with a role or a speaker */
	j = base();
	json_object_set_new(blk(j, "en-GB", 0), "role",
	    json_string("question"));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[0]: a paragraph has "
	    "no role or speaker");
	j = base();
	json_object_set_new(blk(j, "ru-RU", 0), "speaker",
	    json_string("Sergey Lavrov"));
	reject(j, ERR_INVAL, "translations.ru-RU.blocks[0]: a paragraph has "
	    "no role or speaker");
	/* unknown roles */
	j = base();
	json_object_set_new(blk(j, "en-GB", 2), "role", json_string("chair"));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[2]: role must be "
	    "statement, question, answer or remark");
	j = base();
	json_object_set_new(blk(j, "en-GB", 2), "role", json_string(""));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[2]: role must be");
	j = base();
	json_object_set_new(blk(j, "en-GB", 2), "role", json_string("Answer"));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[2]: role must be");
	j = base();
	json_object_set_new(blk(j, "en-GB", 2), "role", json_integer(3));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[2].role: must be a "
	    "string");
	/* a turn that means something else in another translation */
	j = base();
	json_object_set_new(blk(j, "ru-RU", 2), "role", json_string("remark"));
	reject(j, ERR_INVAL, "translations.ru-RU.blocks[2]: block t2 has "
	    "another role or speaker in en-GB");
}

static void
test_reject_speakers(void **state)
{
	json_t *j, *many;
	char name[32];

	(void)state;
	j = base();
	json_object_set_new(j, "speakers", json_object());
	reject(j, ERR_INVAL, "speakers: must be an array");
	j = base();
	json_array_append_new(json_object_get(j, "speakers"), json_integer(1));
	reject(j, ERR_INVAL, "speakers[2]: must be an object with a name");
	j = base();
	json_array_append_new(json_object_get(j, "speakers"),
	    json_pack("{ss}", "title", "No name"));
	reject(j, ERR_INVAL, "speakers[2].name: is missing");
	j = base();
	json_array_append_new(json_object_get(j, "speakers"),
	    json_pack("{ss}", "name", "Sergey Lavrov"));
	reject(j, ERR_INVAL, "speakers[2]: this name is listed twice");
	j = base();
	json_array_append_new(json_object_get(j, "speakers"),
	    json_string("Question"));
	reject(j, ERR_INVAL, "speakers[2]: this name is listed twice");
	j = base();
	json_object_set_new(json_array_get(json_object_get(j, "speakers"), 0),
	    "title", json_integer(1));
	reject(j, ERR_INVAL, "speakers[0].title: must be a string");
	many = json_array();
	for (int i = 0; i <= LIMIT_SPEAKERS; i++) {
		snprintf(name, sizeof name, "Speaker %d", i);
		json_array_append_new(many, json_string(name));
	}
	j = base();
	json_object_set_new(j, "speakers", many);
	reject(j, ERR_LIMIT, "speakers: too many");
}

static void
test_reject_speakers_via_turns(void **state)
{
	json_t *j, *blocks, *many;
	char name[32];

	(void)state;
	/* 200 listed speakers (the two the turns name among them), then a
	 * turn names a 201st */
	many = json_pack("[ss]", "Sergey Lavrov", "Question");
	for (int i = 2; i < LIMIT_SPEAKERS; i++) {
		snprintf(name, sizeof name, "Speaker %d", i);
		json_array_append_new(many, json_string(name));
	}
	j = base();
	json_object_set_new(j, "speakers", many);
	blocks = json_object_get(tr(j, "en-GB"), "blocks");
	json_array_append_new(blocks, json_pack("{ssssssss}", "id", "t9",
	    "type", "turn", "speaker", "Somebody new", "text", "x"));
	reject(j, ERR_LIMIT, "translations.en-GB.blocks[3]: ");
}

static void
test_related_slugs(void **state)
{
	struct asset *as;
	json_t *j = base();

	(void)state;
	json_object_set_new(j, "related", json_pack("[isis]", 5, "other-one",
	    7, "2024-briefing"));
	as = accept(j);
	assert_int_equal(as->nrelated, 2);
	assert_true(as->related[0] == 5);
	assert_true(as->related[1] == 7);
	assert_int_equal(as->nrelated_slugs, 2);
	assert_string_equal(as->related_slugs[0], "other-one");
	assert_string_equal(as->related_slugs[1], "2024-briefing");
}

static void
test_reject_related(void **state)
{
	json_t *j, *many;

	(void)state;
	j = base();
	json_object_set_new(j, "related", json_integer(5));
	reject(j, ERR_INVAL, "related: must be an array");
	j = base();
	json_object_set_new(j, "related", json_pack("[ii]", 5, 0));
	reject(j, ERR_INVAL, "related: must hold positive asset ids");
	j = base();
	json_object_set_new(j, "related", json_pack("[ib]", 5, 1));
	reject(j, ERR_INVAL, "related: must hold positive asset ids");
	j = base();
	json_object_set_new(j, "related", json_pack("[i[]]", 5));
	reject(j, ERR_INVAL, "related: must hold positive asset ids");
	/* a string names an asset by slug, and must be one */
	j = base();
	json_object_set_new(j, "related", json_pack("[is]", 5, "Not a slug"));
	reject(j, ERR_INVAL, "related: a slug must be");
	j = base();
	json_object_set_new(j, "related", json_pack("[is]", 5, ""));
	reject(j, ERR_INVAL, "related: a slug must be");
	j = base();
	json_object_set_new(j, "related", json_pack("[f]", 5.0));
	reject(j, ERR_INVAL, "related: must hold positive asset ids");
	many = json_array();
	for (int i = 0; i <= LIMIT_RELATED; i++)
		json_array_append_new(many, json_integer(100 + i));
	j = base();
	json_object_set_new(j, "related", many);
	reject(j, ERR_LIMIT, "related: ");
	/* its own id */
	j = base();
	json_object_set_new(j, "id", json_integer(5));
	reject(j, ERR_INVAL, "related[0]: not another asset's id");
}

static void
test_reject_too_many_blocks(void **state)
{
	json_t *j, *blocks;

	(void)state;
	j = base();
	blocks = json_array();
	for (int i = 0; i <= LIMIT_BLOCKS; i++)
		json_array_append_new(blocks, json_pack("{ss}", "text", "x"));
	json_object_set_new(tr(j, "en-GB"), "blocks", blocks);
	reject(j, ERR_LIMIT, "translations.en-GB: too many blocks");
	/* exactly the limit is fine */
	j = base();
	blocks = json_array();
	for (int i = 0; i < LIMIT_BLOCKS; i++)
		json_array_append_new(blocks, json_pack("{ss}", "text", "x"));
	json_object_set_new(tr(j, "en-GB"), "blocks", blocks);
	json_object_set_new(tr(j, "ru-RU"), "blocks", json_array());
	accept(j);
}

static void
test_reject_text_limits(void **state)
{
	json_t *j;
	char *big;

	(void)state;
	big = arena_alloc(&arena, LIMIT_BLOCK_TEXT_BYTES + 2);
	memset(big, 'b', LIMIT_BLOCK_TEXT_BYTES + 1);
	big[LIMIT_BLOCK_TEXT_BYTES + 1] = '\0';
	j = base();
	json_object_set_new(blk(j, "ru-RU", 1), "text", json_string(big));
	reject(j, ERR_LIMIT, "translations.ru-RU.blocks[1].text: longer than");
	j = base();
	json_object_set_new(blk(j, "ru-RU", 1), "text",
	    json_string("bell\a"));
	reject(j, ERR_INVAL, "translations.ru-RU.blocks[1].text: invalid "
	    "UTF-8 or control character at byte 4");
}

/* strings with a NUL inside (JSON "\u0000") */
static void
test_reject_nul(void **state)
{
	json_t *j;
	static const char *const in_text[] = {
		"{'slug': 'x\\u0000y'}",
		"{'translations': {'en': {'title': 'a\\u0000'}}}",
		"['\\u0000']",
	};

	(void)state;
	/* the parser refuses them (no JSON_ALLOW_NUL) */
	for (size_t i = 0; i < sizeof in_text / sizeof in_text[0]; i++) {
		char *t = jq(in_text[i]);

		reject_text(t, strlen(t), ERR_INVAL, "\\u0000");
	}
	/* and a value built with one is refused field by field */
	j = base();
	json_object_set_new(j, "slug", json_stringn("a\0b", 3));
	reject(j, ERR_INVAL, "slug: contains a NUL character");
	j = base();
	json_object_set_new(j, "place", json_stringn("Mos\0cow", 7));
	reject(j, ERR_INVAL, "place: contains a NUL character");
	j = base();
	json_object_set_new(tr(j, "en-GB"), "title", json_stringn("T\0", 2));
	reject(j, ERR_INVAL, "translations.en-GB.title: contains a NUL");
	j = base();
	json_object_set_new(blk(j, "en-GB", 0), "text",
	    json_stringn("abc\0def", 7));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[0].text: contains a "
	    "NUL character");
	j = base();
	json_object_set_new(blk(j, "en-GB", 2), "speaker",
	    json_stringn("Sergey Lavrov\0x", 15));
	reject(j, ERR_INVAL, "translations.en-GB.blocks[2].speaker: contains "
	    "a NUL character");
	j = base();
	json_object_set_new(json_array_get(json_object_get(j, "speakers"), 0),
	    "name", json_stringn("Sergey\0Lavrov", 13));
	reject(j, ERR_INVAL, "speakers[0].name: contains a NUL character");
	/* the short form of a speaker, a bare string */
	j = base();
	json_array_append_new(json_object_get(j, "speakers"),
	    json_stringn("New\0Person", 10));
	reject(j, ERR_INVAL, "speakers[2]: contains a NUL character");
	j = base();
	json_object_set_new(j, "locales", json_pack("[o]",
	    json_stringn("en\0", 3)));
	reject(j, ERR_INVAL, "locales[0]: is not a BCP 47 language tag");
	j = base();
	json_object_set_new(j, "published_at",
	    json_stringn("2015-06-11T18:30:00+03:00\0", 26));
	reject(j, ERR_INVAL, "published_at: must be an RFC 3339");
}

/* --- the text parser ---------------------------------------------------- */

static void
test_parse_errors(void **state)
{
	struct diag d;
	struct asset *as = NULL;
	char *t;

	(void)state;
	/* duplicate keys at any depth */
	t = jq("{'slug': 'a', 'slug': 'b'}");
	reject_text(t, strlen(t), ERR_INVAL, "duplicate object key");
	t = jq("{'slug': 'a', 'translations': {'en': {'title': 'x',"
	    " 'title': 'y'}}}");
	reject_text(t, strlen(t), ERR_INVAL, "duplicate object key");
	t = jq("{'translations': {'en': {}, 'en': {}}}");
	reject_text(t, strlen(t), ERR_INVAL, "duplicate object key");
	/* syntax errors carry a position */
	t = jq("{\n  'slug': ,\n}");
	diag_init(&d, "in.json");
	assert_int_equal(asset_json_parse(&arena, t, strlen(t), &as, &d),
	    ERR_INVAL);
	assert_int_equal(d.line, 2);
	assert_true(d.col > 0);
	assert_null(as);
	reject_text("", 0, ERR_INVAL, "");
	reject_text("{", 1, ERR_INVAL, "");
	reject_text("{} x", 4, ERR_INVAL, "");
	reject_text("[]", 2, ERR_INVAL, "an asset must be a JSON object");
	/* invalid UTF-8 in the text */
	t = jq("{'slug': 'a\xFF'}");
	reject_text(t, strlen(t), ERR_INVAL, "");
	/* only n bytes are read */
	t = jq(BASE_JSON "garbage");
	assert_int_equal(asset_json_parse(&arena, t, strlen(t) - 7, &as, &d),
	    ERR_OK);
}

static void
test_parse_size_limit(void **state)
{
	char *big;
	struct asset *as = NULL;
	struct diag d;
	size_t n = LIMIT_ASSET_JSON_BYTES + 1;

	(void)state;
	big = arena_alloc(&arena, n);
	assert_non_null(big);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	diag_init(&d, NULL);
	assert_int_equal(asset_json_parse(&arena, big, n, &as, &d), ERR_LIMIT);
	assert_string_equal(d.msg, "JSON text is larger than 8388608 bytes");
	assert_null(as);
}

/* --- allocation failure -------------------------------------------------- */

static void
test_parse_alloc_failure(void **state)
{
	char *text;
	struct asset *want;

	(void)state;
	text = write_text(make_asset(), ASSET_JSON_META);
	want = parse_text(text);
	for (long n = 1;; n++) {
		struct arena a;
		struct asset *as = NULL;
		struct diag d;
		enum err e;

		arena_init(&a, 64u << 20);
		diag_init(&d, NULL);
		mem_fail_after(n);
		e = asset_json_parse(&a, text, strlen(text), &as, &d);
		if (!mem_failed()) {
			mem_fail_after(0);
			if (e != ERR_OK)
				fail_msg("n=%ld: %s: %s", n, err_str(e),
				    d.msg);
			assert_asset_equal(want, as, true);
			arena_release(&a);
			break;
		}
		mem_fail_after(0);
		if (e != ERR_NOMEM)
			fail_msg("n=%ld: %s (%s), want out of memory", n,
			    err_str(e), d.msg);
		arena_release(&a);
		assert_true(n < 100000);
	}
}

static void
test_to_json_alloc_failure(void **state)
{
	struct asset *as;

	(void)state;
	as = make_asset();
	for (long n = 1;; n++) {
		json_t *j = NULL;
		enum err e;

		mem_fail_after(n);
		e = asset_to_json(as, ASSET_JSON_META, &j);
		if (!mem_failed()) {
			mem_fail_after(0);
			assert_int_equal(e, ERR_OK);
			assert_non_null(j);
			json_decref(j);
			break;
		}
		mem_fail_after(0);
		if (e != ERR_NOMEM)
			fail_msg("n=%ld: %s, want out of memory", n,
			    err_str(e));
		assert_null(j);
		assert_true(n < 100000);
	}
}

static void
test_write_alloc_failure(void **state)
{
	struct asset *as;
	char *want;

	(void)state;
	as = make_asset();
	want = write_text(as, ASSET_JSON_PRETTY);
	for (long n = 1;; n++) {
		struct buf b;
		enum err e;

		buf_init(&b, LIMIT_ASSET_JSON_BYTES);
		mem_fail_after(n);
		e = asset_json_write(as, ASSET_JSON_PRETTY, &b);
		if (!mem_failed()) {
			mem_fail_after(0);
			assert_int_equal(e, ERR_OK);
			assert_string_equal(b.p, want);
			buf_release(&b);
			break;
		}
		mem_fail_after(0);
		if (e != ERR_NOMEM)
			fail_msg("n=%ld: %s, want out of memory", n,
			    err_str(e));
		buf_release(&b);
		assert_true(n < 100000);
	}
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_round_trip_value),
		T(test_round_trip_text),
		T(test_canonical_bytes),
		T(test_output_details),
		T(test_write_limit),
		T(test_base_reads),
		T(test_auto_ids),
		T(test_default_locales),
		T(test_normalised_keys),
		T(test_turn_defaults),
		T(test_meta_reads),
		T(test_slug_missing),
		T(test_reject_not_object),
		T(test_reject_kind),
		T(test_reject_published_at),
		T(test_reject_scalars),
		T(test_reject_locales),
		T(test_reject_translation_keys),
		T(test_reject_too_many_translations),
		T(test_reject_translations_shape),
		T(test_reject_blocks_shape),
		T(test_reject_roles),
		T(test_reject_speakers),
		T(test_reject_speakers_via_turns),
		T(test_related_slugs),
		T(test_reject_related),
		T(test_reject_too_many_blocks),
		T(test_reject_text_limits),
		T(test_reject_nul),
		T(test_parse_errors),
		T(test_parse_size_limit),
		T(test_parse_alloc_failure),
		T(test_to_json_alloc_failure),
		T(test_write_alloc_failure),
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
