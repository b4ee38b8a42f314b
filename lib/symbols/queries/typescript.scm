; inherits: ecmascript
; TypeScript: ecmascript.scm's symbols plus classes, signatures, interfaces,
; type aliases, enums and namespaces.
(function_signature
  name: (identifier) @name.definition.function) @definition.function

(class_declaration
  name: (type_identifier) @name.definition.class) @definition.class

(abstract_class_declaration
  name: (type_identifier) @name.definition.class) @definition.class

(public_field_definition
  name: (property_identifier) @name.definition.method
  value: [(arrow_function) (function_expression)]) @definition.method

(method_signature
  name: (property_identifier) @name.definition.method) @definition.method

(abstract_method_signature
  name: (property_identifier) @name.definition.method) @definition.method

(interface_declaration
  name: (type_identifier) @name.definition.interface) @definition.interface

(type_alias_declaration
  name: (type_identifier) @name.definition.type) @definition.type

(enum_declaration
  name: (identifier) @name.definition.enum) @definition.enum

(internal_module
  name: [(identifier) (nested_identifier)] @name.definition.module) @definition.module

; A named class expression: export const Queue = class Queue { ... }.
(class
  name: (type_identifier) @name.definition.class) @definition.class
