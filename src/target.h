/* target.h - the output targets the tool converts to. */
#ifndef I2H_TARGET_H
#define I2H_TARGET_H

enum target {
	TARGET_INGRESS,		/* Higress-compatible Ingress (annotation splices) */
	TARGET_GATEWAY,		/* Gateway API v1 standard channel, as Higress implements it */
	TARGET__COUNT
};

#endif
