/*
 * i18n.c - interface words, month and language names for en, ru, de, fr,
 * es and ar, with English as the fallback.
 *
 * Tables only; no plural rules (no message needs them yet) and no ICU.
 */
#include <string.h>
#include "pressroom/i18n.h"
#include "pressroom/time.h"
#include "pressroom/banned.h"

enum lang { L_EN, L_RU, L_DE, L_FR, L_ES, L_AR, L__MAX };

static const char *const lang_codes[L__MAX] = {
	"en", "ru", "de", "fr", "es", "ar"
};

static const char *const messages[L__MAX][MSG__MAX] = {
	[L_EN] = {
		[MSG_QUESTION] = "Question",
		[MSG_ANSWER] = "Answer",
		[MSG_STATEMENT] = "Statement",
		[MSG_REMARK] = "Remark",
		[MSG_ADDITIONAL_MATERIALS] = "Additional materials",
		[MSG_NOT_AVAILABLE] = "not available",
		[MSG_LANGUAGES] = "Languages",
		[MSG_LATEST] = "Latest",
		[MSG_NEWER] = "Newer",
		[MSG_OLDER] = "Older",
		[MSG_PAGE_OF] = "Page %u of %u",
		[MSG_NOT_FOUND_TITLE] = "Page not found",
		[MSG_NOT_FOUND_TEXT] = "There is no page at this address. It "
		    "may have moved, or the address may be mistyped.",
		[MSG_HOME] = "Home",
		[MSG_NO_ITEMS] = "Nothing has been published in this language "
		    "yet.",
		[MSG_SKIP_TO_CONTENT] = "Skip to content",
		[MSG_SPEAKERS] = "Speakers",
		[MSG_PLACE] = "Place",
		[MSG_SITE_NAME] = "Press room",
		[MSG_PAGINATION] = "Pages",
		[MSG_ORIGINAL_TEXT] = "Original text",
		[MSG_WITHDRAWN] = "Withdrawn",
		[MSG_WITHDRAWN_TEXT] = "This text was withdrawn on",
		[MSG_GONE_TITLE] = "This page has been removed",
		[MSG_GONE_TEXT] = "The text that was published at this address has been taken down by its publisher.",
	},
	[L_RU] = {
		[MSG_QUESTION] = "Вопрос",
		[MSG_ANSWER] = "Ответ",
		[MSG_STATEMENT] = "Заявление",
		[MSG_REMARK] = "Реплика",
		[MSG_ADDITIONAL_MATERIALS] = "Дополнительные материалы",
		[MSG_NOT_AVAILABLE] = "нет перевода",
		[MSG_LANGUAGES] = "Языки",
		[MSG_LATEST] = "Последние материалы",
		[MSG_NEWER] = "Новее",
		[MSG_OLDER] = "Раньше",
		[MSG_PAGE_OF] = "Страница %u из %u",
		[MSG_NOT_FOUND_TITLE] = "Страница не найдена",
		[MSG_NOT_FOUND_TEXT] = "По этому адресу нет страницы. Возможно, "
		    "она перемещена или адрес набран с ошибкой.",
		[MSG_HOME] = "Главная",
		[MSG_NO_ITEMS] = "На этом языке пока ничего не опубликовано.",
		[MSG_SKIP_TO_CONTENT] = "Перейти к содержанию",
		[MSG_SPEAKERS] = "Выступающие",
		[MSG_PLACE] = "Место",
		[MSG_SITE_NAME] = "Пресс-центр",
		[MSG_PAGINATION] = "Страницы",
		[MSG_ORIGINAL_TEXT] = "Текст оригинала",
		[MSG_WITHDRAWN] = "Отозвано",
		[MSG_WITHDRAWN_TEXT] = "Этот текст отозван",
		[MSG_GONE_TITLE] = "Страница удалена",
		[MSG_GONE_TEXT] = "Текст, опубликованный по этому адресу, снят с публикации издателем.",
	},
	[L_DE] = {
		[MSG_QUESTION] = "Frage",
		[MSG_ANSWER] = "Antwort",
		[MSG_STATEMENT] = "Erklärung",
		[MSG_REMARK] = "Bemerkung",
		[MSG_ADDITIONAL_MATERIALS] = "Weitere Materialien",
		[MSG_NOT_AVAILABLE] = "nicht verfügbar",
		[MSG_LANGUAGES] = "Sprachen",
		[MSG_LATEST] = "Neueste Beiträge",
		[MSG_NEWER] = "Neuer",
		[MSG_OLDER] = "Älter",
		[MSG_PAGE_OF] = "Seite %u von %u",
		[MSG_NOT_FOUND_TITLE] = "Seite nicht gefunden",
		[MSG_NOT_FOUND_TEXT] = "Unter dieser Adresse gibt es keine "
		    "Seite. Vielleicht wurde sie verschoben, oder die Adresse "
		    "ist falsch geschrieben.",
		[MSG_HOME] = "Startseite",
		[MSG_NO_ITEMS] = "In dieser Sprache wurde noch nichts "
		    "veröffentlicht.",
		[MSG_SKIP_TO_CONTENT] = "Zum Inhalt springen",
		[MSG_SPEAKERS] = "Sprecher",
		[MSG_PLACE] = "Ort",
		[MSG_SITE_NAME] = "Pressezentrum",
		[MSG_PAGINATION] = "Seiten",
		[MSG_ORIGINAL_TEXT] = "Originaltext",
		[MSG_WITHDRAWN] = "Zurückgezogen",
		[MSG_WITHDRAWN_TEXT] = "Dieser Text wurde zurückgezogen am",
		[MSG_GONE_TITLE] = "Diese Seite wurde entfernt",
		[MSG_GONE_TEXT] = "Der unter dieser Adresse veröffentlichte Text wurde vom Herausgeber zurückgenommen.",
	},
	[L_FR] = {
		[MSG_QUESTION] = "Question",
		[MSG_ANSWER] = "Réponse",
		[MSG_STATEMENT] = "Déclaration",
		[MSG_REMARK] = "Remarque",
		[MSG_ADDITIONAL_MATERIALS] = "Documents complémentaires",
		[MSG_NOT_AVAILABLE] = "non disponible",
		[MSG_LANGUAGES] = "Langues",
		[MSG_LATEST] = "Dernières publications",
		[MSG_NEWER] = "Plus récents",
		[MSG_OLDER] = "Plus anciens",
		[MSG_PAGE_OF] = "Page %u sur %u",
		[MSG_NOT_FOUND_TITLE] = "Page introuvable",
		[MSG_NOT_FOUND_TEXT] = "Il n’y a pas de page à cette adresse. "
		    "Elle a peut-être été déplacée, ou l’adresse contient une "
		    "faute de frappe.",
		[MSG_HOME] = "Accueil",
		[MSG_NO_ITEMS] = "Rien n’a encore été publié dans cette langue.",
		[MSG_SKIP_TO_CONTENT] = "Aller au contenu",
		[MSG_SPEAKERS] = "Intervenants",
		[MSG_PLACE] = "Lieu",
		[MSG_SITE_NAME] = "Salle de presse",
		[MSG_PAGINATION] = "Pages",
		[MSG_ORIGINAL_TEXT] = "Texte original",
		[MSG_WITHDRAWN] = "Retiré",
		[MSG_WITHDRAWN_TEXT] = "Ce texte a été retiré le",
		[MSG_GONE_TITLE] = "Cette page a été supprimée",
		[MSG_GONE_TEXT] = "Le texte publié à cette adresse a été retiré par son éditeur.",
	},
	[L_ES] = {
		[MSG_QUESTION] = "Pregunta",
		[MSG_ANSWER] = "Respuesta",
		[MSG_STATEMENT] = "Declaración",
		[MSG_REMARK] = "Comentario",
		[MSG_ADDITIONAL_MATERIALS] = "Materiales adicionales",
		[MSG_NOT_AVAILABLE] = "no disponible",
		[MSG_LANGUAGES] = "Idiomas",
		[MSG_LATEST] = "Últimas publicaciones",
		[MSG_NEWER] = "Más recientes",
		[MSG_OLDER] = "Anteriores",
		[MSG_PAGE_OF] = "Página %u de %u",
		[MSG_NOT_FOUND_TITLE] = "Página no encontrada",
		[MSG_NOT_FOUND_TEXT] = "No hay ninguna página en esta dirección. "
		    "Puede que se haya trasladado o que la dirección tenga un "
		    "error.",
		[MSG_HOME] = "Inicio",
		[MSG_NO_ITEMS] = "Todavía no se ha publicado nada en este "
		    "idioma.",
		[MSG_SKIP_TO_CONTENT] = "Ir al contenido",
		[MSG_SPEAKERS] = "Intervinientes",
		[MSG_PLACE] = "Lugar",
		[MSG_SITE_NAME] = "Sala de prensa",
		[MSG_PAGINATION] = "Páginas",
		[MSG_ORIGINAL_TEXT] = "Texto original",
		[MSG_WITHDRAWN] = "Retirado",
		[MSG_WITHDRAWN_TEXT] = "Este texto fue retirado el",
		[MSG_GONE_TITLE] = "Esta página ha sido eliminada",
		[MSG_GONE_TEXT] = "El texto publicado en esta dirección ha sido retirado por su editor.",
	},
	[L_AR] = {
		[MSG_QUESTION] = "سؤال",
		[MSG_ANSWER] = "جواب",
		[MSG_STATEMENT] = "بيان",
		[MSG_REMARK] = "ملاحظة",
		[MSG_ADDITIONAL_MATERIALS] = "مواد إضافية",
		[MSG_NOT_AVAILABLE] = "غير متاح",
		[MSG_LANGUAGES] = "اللغات",
		[MSG_LATEST] = "أحدث المنشورات",
		[MSG_NEWER] = "الأحدث",
		[MSG_OLDER] = "الأقدم",
		[MSG_PAGE_OF] = "الصفحة %u من %u",
		[MSG_NOT_FOUND_TITLE] = "الصفحة غير موجودة",
		[MSG_NOT_FOUND_TEXT] = "لا توجد صفحة على هذا العنوان. ربما "
		    "نُقلت، أو أن العنوان مكتوب بشكل خاطئ.",
		[MSG_HOME] = "الرئيسية",
		[MSG_NO_ITEMS] = "لم يُنشر شيء بهذه اللغة بعد.",
		[MSG_SKIP_TO_CONTENT] = "انتقل إلى المحتوى",
		[MSG_SPEAKERS] = "المتحدثون",
		[MSG_PLACE] = "المكان",
		[MSG_SITE_NAME] = "المركز الصحفي",
		[MSG_PAGINATION] = "الصفحات",
		[MSG_ORIGINAL_TEXT] = "النص الأصلي",
		[MSG_WITHDRAWN] = "مسحوب",
		[MSG_WITHDRAWN_TEXT] = "سُحب هذا النص في",
		[MSG_GONE_TITLE] = "أُزيلت هذه الصفحة",
		[MSG_GONE_TEXT] = "أزال الناشر النص الذي كان منشورًا على هذا العنوان.",
	},
};

static const char *const kinds[L__MAX][ASSET_KIND__MAX] = {
	[L_EN] = { "Statement", "Speech", "Transcript", "Press release",
		"News", "Briefing", "Interview" },
	[L_RU] = { "Заявление", "Выступление", "Стенограмма", "Пресс-релиз",
		"Новости", "Брифинг", "Интервью" },
	[L_DE] = { "Erklärung", "Rede", "Mitschrift", "Pressemitteilung",
		"Nachrichten", "Briefing", "Interview" },
	[L_FR] = { "Déclaration", "Discours", "Transcription",
		"Communiqué de presse", "Actualités", "Point de presse",
		"Entretien" },
	[L_ES] = { "Declaración", "Discurso", "Transcripción",
		"Comunicado de prensa", "Noticias", "Rueda informativa",
		"Entrevista" },
	[L_AR] = { "بيان", "كلمة", "نص حرفي", "بيان صحفي", "أخبار",
		"إحاطة إعلامية", "مقابلة" },
};

/* Month names as they stand after a day number ("11 июня"). */
static const char *const months[L__MAX][12] = {
	[L_EN] = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November",
		"December" },
	[L_RU] = { "января", "февраля", "марта", "апреля", "мая", "июня",
		"июля", "августа", "сентября", "октября", "ноября",
		"декабря" },
	[L_DE] = { "Januar", "Februar", "März", "April", "Mai", "Juni",
		"Juli", "August", "September", "Oktober", "November",
		"Dezember" },
	[L_FR] = { "janvier", "février", "mars", "avril", "mai", "juin",
		"juillet", "août", "septembre", "octobre", "novembre",
		"décembre" },
	[L_ES] = { "enero", "febrero", "marzo", "abril", "mayo", "junio",
		"julio", "agosto", "septiembre", "octubre", "noviembre",
		"diciembre" },
	[L_AR] = { "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
		"يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر" },
};

static const struct {
	const char *code;
	const char *name;
} language_names[] = {
	{ "ar", "العربية" }, { "be", "Беларуская" }, { "bg", "Български" },
	{ "cs", "Čeština" }, { "da", "Dansk" }, { "de", "Deutsch" },
	{ "el", "Ελληνικά" }, { "en", "English" }, { "es", "Español" },
	{ "fa", "فارسی" }, { "fi", "Suomi" }, { "fr", "Français" },
	{ "he", "עברית" }, { "hi", "हिन्दी" }, { "hu", "Magyar" },
	{ "hy", "Հայերեն" }, { "it", "Italiano" }, { "ja", "日本語" },
	{ "ka", "ქართული" }, { "kk", "Қазақ тілі" }, { "ko", "한국어" },
	{ "nl", "Nederlands" }, { "no", "Norsk" }, { "pl", "Polski" },
	{ "pt", "Português" }, { "ro", "Română" }, { "ru", "Русский" },
	{ "sr", "Српски" }, { "sv", "Svenska" }, { "tr", "Türkçe" },
	{ "uk", "Українська" }, { "ur", "اردو" }, { "uz", "Oʻzbekcha" },
	{ "vi", "Tiếng Việt" }, { "zh", "中文" },
};

static enum lang
lang_of(const struct locale *l)
{
	char code[LOCALE_LANG_MAX];

	if (l == NULL)
		return L_EN;
	locale_language(l, code);
	for (int i = 0; i < L__MAX; i++)
		if (strcmp(code, lang_codes[i]) == 0)
			return (enum lang)i;
	return L_EN;
}

const char *
i18n_msg(const struct locale *l, enum msg m)
{
	if ((unsigned)m >= MSG__MAX)
		return "";
	return messages[lang_of(l)][m];
}

const char *
i18n_kind(const struct locale *l, enum asset_kind k)
{
	if ((unsigned)k >= ASSET_KIND__MAX)
		return "";
	return kinds[lang_of(l)][k];
}

const char *
i18n_role(const struct locale *l, enum turn_role r)
{
	switch (r) {
	case TURN_ROLE_QUESTION: return i18n_msg(l, MSG_QUESTION);
	case TURN_ROLE_ANSWER: return i18n_msg(l, MSG_ANSWER);
	case TURN_ROLE_STATEMENT: return i18n_msg(l, MSG_STATEMENT);
	case TURN_ROLE_REMARK: return i18n_msg(l, MSG_REMARK);
	default: return "";
	}
}

void
i18n_language_name(struct buf *b, const struct locale *l, int region)
{
	char code[LOCALE_LANG_MAX];
	const char *rest;

	locale_language(l, code);
	for (size_t i = 0; i < sizeof language_names / sizeof language_names[0];
	    i++) {
		if (strcmp(code, language_names[i].code) != 0)
			continue;
		buf_adds(b, language_names[i].name);
		rest = strchr(l->tag, '-');
		if (region && rest != NULL)
			buf_addf(b, " (%s)", rest + 1);
		return;
	}
	buf_adds(b, l->tag);
}

void
i18n_format_datetime(struct buf *b, const struct locale *l, int64_t t,
    int offset, int with_time)
{
	enum lang lg = lang_of(l);
	struct civil c;
	const char *m;
	int a = offset < 0 ? -offset : offset;

	if (time_to_civil(t + offset, &c) != ERR_OK)
		return;
	m = months[lg][c.month - 1];
	switch (lg) {
	case L_RU:
		buf_addf(b, "%d %s %d г.", c.day, m, c.year);
		break;
	case L_DE:
		buf_addf(b, "%d. %s %d", c.day, m, c.year);
		break;
	case L_ES:
		buf_addf(b, "%d de %s de %d", c.day, m, c.year);
		break;
	default:
		buf_addf(b, "%d %s %d", c.day, m, c.year);
		break;
	}
	if (!with_time)
		return;
	buf_addf(b, "%s %02d:%02d (UTC%c%02d:%02d)", lg == L_AR ? "،" : ",",
	    c.hour, c.min, offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}
