/** The publishing views: the presets managers edit. */
package io.studioflow.publishing.ui;
