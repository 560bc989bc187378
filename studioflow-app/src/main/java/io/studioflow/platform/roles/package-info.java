/** What one instance of the artefact does: the web app and intake, the job workers, or both. */
package io.studioflow.platform.roles;
