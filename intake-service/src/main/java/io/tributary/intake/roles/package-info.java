/**
 * One jar, two roles: the HTTP edge that answers the channels and the normalizer. A local
 * process runs both; Kubernetes runs each in a Deployment of its own, and each switches
 * the other role off. The switches are read at run time, not in bean conditions: the
 * service runs AOT-processed, whose conditions are fixed at build time.
 */
package io.tributary.intake.roles;
