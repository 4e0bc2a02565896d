/* emit_config.c - the 'higress-config' ConfigMap (see emit_config.h).
 * Keys, types and ranges: ../shared/reference/higress-plugins.md 4.2. */
#include "emit_config.h"

#include <stdlib.h>

#include "yaml_write.h"

void higress_config_text(const struct higress_values *hv, struct buf *out)
{
	struct yw w;

	yw_init(&w, out);
	yw_map(&w, "gzip");
	yw_bool(&w, "enable", hv->gzip_enable == 1);
	if (hv->gzip_enable == 1) {
		if (hv->gzip_min_length > 0)
			yw_int(&w, "minContentLength", hv->gzip_min_length);
		if (hv->ngzip_types) {
			yw_seq(&w, "contentType");
			for (size_t i = 0; i < hv->ngzip_types; i++)
				yw_item_str(&w, hv->gzip_types[i]);
			yw_end(&w);
		}
		if (hv->gzip_level)
			yw_str(&w, "compressionLevel", hv->gzip_level);
	}
	yw_end(&w);
	if (hv->down_idle > 0 || hv->max_headers_kb > 0 || hv->max_streams > 0) {
		yw_map(&w, "downstream");
		if (hv->down_idle > 0)
			yw_int(&w, "idleTimeout", hv->down_idle);
		if (hv->max_headers_kb > 0)
			yw_int(&w, "maxRequestHeadersKb", hv->max_headers_kb);
		if (hv->max_streams > 0) {
			yw_map(&w, "http2");
			yw_int(&w, "maxConcurrentStreams", hv->max_streams);
			yw_end(&w);
		}
		yw_end(&w);
	}
	if (hv->up_idle > 0) {
		yw_map(&w, "upstream");
		yw_int(&w, "idleTimeout", hv->up_idle);
		yw_end(&w);
	}
	if (hv->tracing) {
		yw_map(&w, "tracing");
		yw_bool(&w, "enable", true);
		yw_number(&w, "sampling", hv->sampling);
		yw_int(&w, "timeout", 500);
		yw_map(&w, "opentelemetry");
		yw_str(&w, "service", hv->otel_service);
		yw_str(&w, "port", hv->otel_port);
		yw_end(&w);
		yw_end(&w);
	}
}

void higress_config_write(const struct higress_values *hv, const char *ns, const char *who, struct buf *out)
{
	struct buf text = {0};
	struct yw w;
	char *note = xasprintf("ingress2higress: from the Ingress-NGINX controller ConfigMap %s; merge into the live "
			       "higress-config, whose 'higress' key this replaces", who);

	higress_config_text(hv, &text);
	yw_init(&w, out);
	yw_document(&w, note);
	yw_str(&w, "apiVersion", "v1");
	yw_str(&w, "kind", "ConfigMap");
	yw_map(&w, "metadata");
	yw_str(&w, "name", "higress-config");
	yw_str(&w, "namespace", ns);
	yw_end(&w);
	yw_map(&w, "data");
	yw_literal(&w, "higress", buf_cstr(&text));
	yw_end(&w);
	buf_free(&text);
	free(note);
}
