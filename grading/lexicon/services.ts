/** How learners name the lab's services (record.service). */
export const SERVICE_TERMS: Record<string, RegExp> = {
  'widget-api': /\b(widget[- ]?api|quantum widget|widget (service|server|backend|renderer|rendering service)|widgets api)\b/i,
  storefront: /\b(store[- ]?front|e-?commerce (platform|site|store|app\w*|service|backend)|online (store|shop)|shop(ping)? (site|platform|app))\b/i,
  widgetify: /\bwidgetify\b/i,
};

/** Any service or system named in general ("the checkout API", "our web server"), for the document-only check. */
export const GENERIC_SERVICE = /\b[\w-]+[ -](api|service|server|app|application|platform|backend|website|site|cluster|endpoint|database)\b/i;
