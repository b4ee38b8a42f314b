; inherits: ecmascript
; JavaScript: ecmascript.scm's symbols plus classes and class fields holding functions.
(class_declaration
  name: (identifier) @name.definition.class) @definition.class

(field_definition
  property: (property_identifier) @name.definition.method
  value: [(arrow_function) (function_expression)]) @definition.method

; A named class expression: module.exports = class Queue { ... }.
(class
  name: (identifier) @name.definition.class) @definition.class
