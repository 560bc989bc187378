package io.studioflow.testing;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps what the browser showed when a {@link BrowserTest} fails: a screenshot of every open page and a
 * Playwright trace. Runs right after the test method, before {@code @AfterEach} closes the contexts.
 */
class BrowserFailureRecorder implements AfterTestExecutionCallback {

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        if (context.getRequiredTestInstance() instanceof BrowserTest test) {
            String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
            test.recordFailure(name);
        }
    }
}
