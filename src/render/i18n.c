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
		[MSG_UPDATED] = "Updated",
		[MSG_DOCUMENTS] = "Documents",
		[MSG_OUTDATED] =
		    "The original of this passage has changed "
		    "since it was translated.",
		[MSG_GONE_TITLE] = "This page has been removed",
		[MSG_GONE_TEXT] = "The text that was published at this address has been taken down by its publisher.",
		[MSG_SEARCH] = "Search",
		[MSG_SEARCH_QUERY] = "Words to find",
		[MSG_SEARCH_HELP] = "Words are found in all their forms. Use \"quotes\" for an exact phrase, OR between alternatives, a minus sign before a word to leave out what contains it, and * after the beginning of a word.",
		[MSG_SEARCH_FILTERS] = "Filters",
		[MSG_SEARCH_KIND] = "Type",
		[MSG_SEARCH_ROLE] = "Question or answer",
		[MSG_SEARCH_SPEAKER] = "Speaker",
		[MSG_SEARCH_LANGUAGE] = "Language",
		[MSG_SEARCH_TAG] = "Tag",
		[MSG_SEARCH_FROM] = "From",
		[MSG_SEARCH_TO] = "To",
		[MSG_SEARCH_ANY] = "Any",
		[MSG_SEARCH_YEAR] = "Year",
		[MSG_SEARCH_REFINE] = "Refine the results",
		[MSG_SEARCH_RESULTS] = "Results: %u",
		[MSG_SEARCH_NONE] = "Nothing was found. Try other words, fewer filters, or the beginning of a word followed by *.",
		[MSG_SEARCH_PROMPT] = "Search the statements, speeches, press releases and transcripts, in every language.",
		[MSG_SEARCH_CUT] = "The query was too long: only its beginning was searched.",
		[MSG_SEARCH_CAPPED] = "The query matches very many passages: only the newest ones were counted.",
		[MSG_SEARCH_CLEAR] = "Clear the filters",
		[MSG_COL_DATE] = "Date",
		[MSG_COL_TITLE] = "Title",
		[MSG_COL_KIND] = "Kind",
		[MSG_COL_PLACE] = "Place",
		[MSG_AVAILABLE_IN] = "Available in",
		[MSG_TAG_HEADING] = "Tagged “%s”",
		[MSG_SPEAKER_HEADING] = "Statements by %s",
		[MSG_ARCHIVE] = "Archive",
		[MSG_PREVIOUS] = "Previous",
		[MSG_NEXT] = "Next",
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
		[MSG_UPDATED] = "Обновлено",
		[MSG_DOCUMENTS] = "Документы",
		[MSG_OUTDATED] =
		    "Оригинал этого фрагмента изменился "
		    "после перевода.",
		[MSG_GONE_TITLE] = "Страница удалена",
		[MSG_GONE_TEXT] = "Текст, опубликованный по этому адресу, снят с публикации издателем.",
		[MSG_SEARCH] = "Поиск",
		[MSG_SEARCH_QUERY] = "Что найти",
		[MSG_SEARCH_HELP] = "Слова находятся во всех формах. Точная фраза пишется в «кавычках», OR ставится между вариантами, минус перед словом исключает материалы с ним, * после начала слова находит все слова с этим началом.",
		[MSG_SEARCH_FILTERS] = "Фильтры",
		[MSG_SEARCH_KIND] = "Тип материала",
		[MSG_SEARCH_ROLE] = "Вопрос или ответ",
		[MSG_SEARCH_SPEAKER] = "Выступающий",
		[MSG_SEARCH_LANGUAGE] = "Язык",
		[MSG_SEARCH_TAG] = "Тег",
		[MSG_SEARCH_FROM] = "С",
		[MSG_SEARCH_TO] = "По",
		[MSG_SEARCH_ANY] = "Любой",
		[MSG_SEARCH_YEAR] = "Год",
		[MSG_SEARCH_REFINE] = "Уточнить результаты",
		[MSG_SEARCH_RESULTS] = "Найдено: %u",
		[MSG_SEARCH_NONE] = "Ничего не найдено. Попробуйте другие слова, меньше фильтров или начало слова со звёздочкой *.",
		[MSG_SEARCH_PROMPT] = "Поиск по заявлениям, выступлениям, пресс-релизам и стенограммам на всех языках.",
		[MSG_SEARCH_CUT] = "Запрос слишком длинный: поиск выполнен только по его началу.",
		[MSG_SEARCH_CAPPED] = "Запросу соответствует очень много фрагментов: подсчитаны только самые новые.",
		[MSG_SEARCH_CLEAR] = "Сбросить фильтры",
		[MSG_COL_DATE] = "Дата",
		[MSG_COL_TITLE] = "Заголовок",
		[MSG_COL_KIND] = "Тип",
		[MSG_COL_PLACE] = "Место",
		[MSG_AVAILABLE_IN] = "Доступно на языках",
		[MSG_TAG_HEADING] = "Метка «%s»",
		[MSG_SPEAKER_HEADING] = "Выступления: %s",
		[MSG_ARCHIVE] = "Архив",
		[MSG_PREVIOUS] = "Назад",
		[MSG_NEXT] = "Далее",
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
		[MSG_UPDATED] = "Aktualisiert",
		[MSG_DOCUMENTS] = "Dokumente",
		[MSG_OUTDATED] =
		    "Das Original dieses Abschnitts wurde nach "
		    "der Übersetzung geändert.",
		[MSG_GONE_TITLE] = "Diese Seite wurde entfernt",
		[MSG_GONE_TEXT] = "Der unter dieser Adresse veröffentlichte Text wurde vom Herausgeber zurückgenommen.",
		[MSG_SEARCH] = "Suche",
		[MSG_SEARCH_QUERY] = "Suchbegriffe",
		[MSG_SEARCH_HELP] = "Wörter werden in allen ihren Formen gefunden. Eine genaue Wortfolge steht in „Anführungszeichen“, OR steht zwischen Alternativen, ein Minuszeichen vor einem Wort schließt aus, was es enthält, und * nach einem Wortanfang findet alle Wörter mit diesem Anfang.",
		[MSG_SEARCH_FILTERS] = "Filter",
		[MSG_SEARCH_KIND] = "Art",
		[MSG_SEARCH_ROLE] = "Frage oder Antwort",
		[MSG_SEARCH_SPEAKER] = "Sprecher",
		[MSG_SEARCH_LANGUAGE] = "Sprache",
		[MSG_SEARCH_TAG] = "Schlagwort",
		[MSG_SEARCH_FROM] = "Von",
		[MSG_SEARCH_TO] = "Bis",
		[MSG_SEARCH_ANY] = "Alle",
		[MSG_SEARCH_YEAR] = "Jahr",
		[MSG_SEARCH_REFINE] = "Ergebnisse eingrenzen",
		[MSG_SEARCH_RESULTS] = "Treffer: %u",
		[MSG_SEARCH_NONE] = "Nichts gefunden. Versuchen Sie andere Wörter, weniger Filter oder einen Wortanfang mit *.",
		[MSG_SEARCH_PROMPT] = "Suche in Erklärungen, Reden, Pressemitteilungen und Mitschriften, in allen Sprachen.",
		[MSG_SEARCH_CUT] = "Die Suchanfrage war zu lang: gesucht wurde nur nach ihrem Anfang.",
		[MSG_SEARCH_CAPPED] = "Sehr viele Textstellen passen zur Suchanfrage: nur die neuesten wurden gezählt.",
		[MSG_SEARCH_CLEAR] = "Filter zurücksetzen",
		[MSG_COL_DATE] = "Datum",
		[MSG_COL_TITLE] = "Titel",
		[MSG_COL_KIND] = "Art",
		[MSG_COL_PLACE] = "Ort",
		[MSG_AVAILABLE_IN] = "Verfügbar in",
		[MSG_TAG_HEADING] = "Schlagwort „%s“",
		[MSG_SPEAKER_HEADING] = "Äußerungen von %s",
		[MSG_ARCHIVE] = "Archiv",
		[MSG_PREVIOUS] = "Zurück",
		[MSG_NEXT] = "Weiter",
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
		[MSG_UPDATED] = "Mis à jour",
		[MSG_DOCUMENTS] = "Documents",
		[MSG_OUTDATED] =
		    "L’original de ce passage a changé "
		    "depuis sa traduction.",
		[MSG_GONE_TITLE] = "Cette page a été supprimée",
		[MSG_GONE_TEXT] = "Le texte publié à cette adresse a été retiré par son éditeur.",
		[MSG_SEARCH] = "Recherche",
		[MSG_SEARCH_QUERY] = "Mots à rechercher",
		[MSG_SEARCH_HELP] = "Les mots sont trouvés sous toutes leurs formes. Mettez une expression exacte entre « guillemets », OR entre des variantes, un signe moins devant un mot pour écarter ce qui le contient et * après le début d’un mot.",
		[MSG_SEARCH_FILTERS] = "Filtres",
		[MSG_SEARCH_KIND] = "Type",
		[MSG_SEARCH_ROLE] = "Question ou réponse",
		[MSG_SEARCH_SPEAKER] = "Intervenant",
		[MSG_SEARCH_LANGUAGE] = "Langue",
		[MSG_SEARCH_TAG] = "Mot-clé",
		[MSG_SEARCH_FROM] = "Du",
		[MSG_SEARCH_TO] = "Au",
		[MSG_SEARCH_ANY] = "Tous",
		[MSG_SEARCH_YEAR] = "Année",
		[MSG_SEARCH_REFINE] = "Affiner les résultats",
		[MSG_SEARCH_RESULTS] = "Résultats\xC2\xA0" ": %u",
		[MSG_SEARCH_NONE] = "Aucun résultat. Essayez d’autres mots, moins de filtres ou le début d’un mot suivi de *.",
		[MSG_SEARCH_PROMPT] = "Recherchez dans les déclarations, discours, communiqués et transcriptions, dans toutes les langues.",
		[MSG_SEARCH_CUT] = "La requête était trop longue : seul son début a été recherché.",
		[MSG_SEARCH_CAPPED] = "La requête correspond à un très grand nombre de passages : seuls les plus récents ont été comptés.",
		[MSG_SEARCH_CLEAR] = "Effacer les filtres",
		[MSG_COL_DATE] = "Date",
		[MSG_COL_TITLE] = "Titre",
		[MSG_COL_KIND] = "Type",
		[MSG_COL_PLACE] = "Lieu",
		[MSG_AVAILABLE_IN] = "Disponible en",
		[MSG_TAG_HEADING] = "Mot-clé « %s »",
		[MSG_SPEAKER_HEADING] = "Interventions de %s",
		[MSG_ARCHIVE] = "Archives",
		[MSG_PREVIOUS] = "Précédent",
		[MSG_NEXT] = "Suivant",
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
		[MSG_UPDATED] = "Actualizado",
		[MSG_DOCUMENTS] = "Documentos",
		[MSG_OUTDATED] =
		    "El original de este pasaje ha cambiado "
		    "desde su traducción.",
		[MSG_GONE_TITLE] = "Esta página ha sido eliminada",
		[MSG_GONE_TEXT] = "El texto publicado en esta dirección ha sido retirado por su editor.",
		[MSG_SEARCH] = "Búsqueda",
		[MSG_SEARCH_QUERY] = "Palabras que buscar",
		[MSG_SEARCH_HELP] = "Las palabras se encuentran en todas sus formas. Escriba una frase exacta entre «comillas», OR entre alternativas, un signo menos delante de una palabra para descartar lo que la contiene y * tras el comienzo de una palabra.",
		[MSG_SEARCH_FILTERS] = "Filtros",
		[MSG_SEARCH_KIND] = "Tipo",
		[MSG_SEARCH_ROLE] = "Pregunta o respuesta",
		[MSG_SEARCH_SPEAKER] = "Interviniente",
		[MSG_SEARCH_LANGUAGE] = "Idioma",
		[MSG_SEARCH_TAG] = "Etiqueta",
		[MSG_SEARCH_FROM] = "Desde",
		[MSG_SEARCH_TO] = "Hasta",
		[MSG_SEARCH_ANY] = "Cualquiera",
		[MSG_SEARCH_YEAR] = "Año",
		[MSG_SEARCH_REFINE] = "Afinar los resultados",
		[MSG_SEARCH_RESULTS] = "Resultados: %u",
		[MSG_SEARCH_NONE] = "No se ha encontrado nada. Pruebe otras palabras, menos filtros o el comienzo de una palabra seguido de *.",
		[MSG_SEARCH_PROMPT] = "Busque en las declaraciones, discursos, comunicados de prensa y transcripciones, en todos los idiomas.",
		[MSG_SEARCH_CUT] = "La consulta era demasiado larga: solo se ha buscado su comienzo.",
		[MSG_SEARCH_CAPPED] = "La consulta coincide con muchísimos pasajes: solo se han contado los más recientes.",
		[MSG_SEARCH_CLEAR] = "Quitar los filtros",
		[MSG_COL_DATE] = "Fecha",
		[MSG_COL_TITLE] = "Título",
		[MSG_COL_KIND] = "Tipo",
		[MSG_COL_PLACE] = "Lugar",
		[MSG_AVAILABLE_IN] = "Disponible en",
		[MSG_TAG_HEADING] = "Etiqueta «%s»",
		[MSG_SPEAKER_HEADING] = "Intervenciones de %s",
		[MSG_ARCHIVE] = "Archivo",
		[MSG_PREVIOUS] = "Anterior",
		[MSG_NEXT] = "Siguiente",
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
		[MSG_UPDATED] = "حُدِّث",
		[MSG_DOCUMENTS] = "وثائق",
		[MSG_OUTDATED] =
		    "تغيّر النص الأصلي لهذا المقطع "
		    "بعد ترجمته.",
		[MSG_GONE_TITLE] = "أُزيلت هذه الصفحة",
		[MSG_GONE_TEXT] = "أزال الناشر النص الذي كان منشورًا على هذا العنوان.",
		[MSG_SEARCH] = "بحث",
		[MSG_SEARCH_QUERY] = "كلمات البحث",
		[MSG_SEARCH_HELP] = "يُعثر على الكلمات بجميع صيغها. ضع العبارة الدقيقة بين «علامتي تنصيص»، واكتب OR بين البدائل، وعلامة الطرح قبل الكلمة لاستبعاد ما يحتويها، و* بعد بداية الكلمة.",
		[MSG_SEARCH_FILTERS] = "عوامل التصفية",
		[MSG_SEARCH_KIND] = "النوع",
		[MSG_SEARCH_ROLE] = "سؤال أو جواب",
		[MSG_SEARCH_SPEAKER] = "المتحدث",
		[MSG_SEARCH_LANGUAGE] = "اللغة",
		[MSG_SEARCH_TAG] = "الوسم",
		[MSG_SEARCH_FROM] = "من",
		[MSG_SEARCH_TO] = "إلى",
		[MSG_SEARCH_ANY] = "الكل",
		[MSG_SEARCH_YEAR] = "السنة",
		[MSG_SEARCH_REFINE] = "تضييق النتائج",
		[MSG_SEARCH_RESULTS] = "عدد النتائج: %u",
		[MSG_SEARCH_NONE] = "لم يُعثر على شيء. جرّب كلمات أخرى أو عددًا أقل من عوامل التصفية أو بداية كلمة متبوعة بـ *.",
		[MSG_SEARCH_PROMPT] = "ابحث في البيانات والكلمات والبيانات الصحفية والنصوص الحرفية، بجميع اللغات.",
		[MSG_SEARCH_CUT] = "كان طلب البحث طويلًا جدًا، فلم يُبحث إلا عن بدايته.",
		[MSG_SEARCH_CAPPED] = "يطابق طلب البحث عددًا كبيرًا جدًا من المقاطع، فلم يُحتسب إلا أحدثها.",
		[MSG_SEARCH_CLEAR] = "إزالة عوامل التصفية",
		[MSG_COL_DATE] = "التاريخ",
		[MSG_COL_TITLE] = "العنوان",
		[MSG_COL_KIND] = "النوع",
		[MSG_COL_PLACE] = "المكان",
		[MSG_AVAILABLE_IN] = "متاح باللغات",
		[MSG_TAG_HEADING] = "الوسم «%s»",
		[MSG_SPEAKER_HEADING] = "تصريحات %s",
		[MSG_ARCHIVE] = "الأرشيف",
		[MSG_PREVIOUS] = "السابق",
		[MSG_NEXT] = "التالي",
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

/* Month names on their own ("июнь", not "июня"). */
static const char *const months_alone[L__MAX][12] = {
	[L_EN] = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November",
		"December" },
	[L_RU] = { "январь", "февраль", "март", "апрель", "май", "июнь",
		"июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь" },
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

void
i18n_format_month(struct buf *b, const struct locale *l, int year, int month)
{
	enum lang lg = lang_of(l);

	if (month < 1 || month > 12)
		return;
	if (lg == L_ES)
		buf_addf(b, "%s de %d", months_alone[lg][month - 1], year);
	else
		buf_addf(b, "%s %d", months_alone[lg][month - 1], year);
}

void
i18n_format1(struct buf *b, const struct locale *l, enum msg m,
    const char *arg)
{
	const char *t = i18n_msg(l, m), *p = strstr(t, "%s");

	if (p == NULL) {
		buf_adds(b, t);
		return;
	}
	buf_add(b, t, (size_t)(p - t));
	buf_adds(b, arg);
	buf_adds(b, p + 2);
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
