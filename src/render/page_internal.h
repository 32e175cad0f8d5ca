/*
 * page_internal.h - what theme.c needs from page.c: checking a template set
 * against the schemas of the pages pressroom renders.
 *
 * Private to src/render.
 */
#ifndef PRESSROOM_RENDER_PAGE_INTERNAL_H
#define PRESSROOM_RENDER_PAGE_INTERNAL_H

#include "pressroom/err.h"
#include "pressroom/tmpl.h"

/* Checks "article", "list" and "error" (and their partials); d names the
 * template that failed. */
enum err page_check_templates(struct tmpl_set *s, struct diag *d);

/* The same for the editorial interface's templates (admin.c). */
enum err admin_check_templates(struct tmpl_set *s, struct diag *d);

#endif
