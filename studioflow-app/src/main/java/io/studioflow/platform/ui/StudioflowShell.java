package io.studioflow.platform.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;

/**
 * The application shell. Server push lets an inbox update itself the moment a task arrives or someone
 * else claims one.
 */
@Push
public class StudioflowShell implements AppShellConfigurator {
}
