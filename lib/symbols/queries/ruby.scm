; Ruby: classes, modules, methods (instance and singleton), constants.
(class
  name: [
    (constant) @name.definition.class
    (scope_resolution name: (constant) @name.definition.class)
  ]) @definition.class

(module
  name: [
    (constant) @name.definition.module
    (scope_resolution name: (constant) @name.definition.module)
  ]) @definition.module

(method
  name: (_) @name.definition.method) @definition.method

(singleton_method
  name: (_) @name.definition.method) @definition.method

(assignment
  left: (constant) @name.definition.constant) @definition.constant

; class << self ... end holds singleton methods: the query looks inside it.
(singleton_class) @scope
