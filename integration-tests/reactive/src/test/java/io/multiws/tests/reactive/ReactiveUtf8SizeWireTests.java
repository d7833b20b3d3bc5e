package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractUtf8SizeWireTests;

/**
 * The UTF-8 size suite on Reactive.
 *
 * @author multi-ws team
 */
class ReactiveUtf8SizeWireTests extends AbstractUtf8SizeWireTests {

}
