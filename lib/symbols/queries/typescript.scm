; TypeScript: JavaScript's symbols plus interfaces, type aliases, enums and namespaces.
(program
  (lexical_declaration
    (variable_declarator
      name: (identifier) @name.definition.function
      value: [(arrow_function) (function_expression)]) @definition.function))

(program
  (export_statement
    (lexical_declaration
      (variable_declarator
        name: (identifier) @name.definition.function
        value: [(arrow_function) (function_expression)]) @definition.function)))

; A const holding require(...) is an import, not a constant.
(program
  (lexical_declaration "const"
    (variable_declarator
      name: (identifier) @name.definition.constant
      value: (_) @_value) @definition.constant)
  (#not-match? @_value "^require\\("))

(program
  (export_statement
    (lexical_declaration "const"
      (variable_declarator name: (identifier) @name.definition.constant) @definition.constant)))

(function_declaration
  name: (identifier) @name.definition.function) @definition.function

(generator_function_declaration
  name: (identifier) @name.definition.function) @definition.function

(function_signature
  name: (identifier) @name.definition.function) @definition.function

(class_declaration
  name: (type_identifier) @name.definition.class) @definition.class

(abstract_class_declaration
  name: (type_identifier) @name.definition.class) @definition.class

(method_definition
  name: [(property_identifier) (private_property_identifier)] @name.definition.method) @definition.method

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

; The body of a top-level IIFE is module scope: the query looks inside it.
(program
  (expression_statement
    (call_expression
      function: (parenthesized_expression [(arrow_function) (function_expression)] @scope))))

; An object literal exported whole (module.exports = { ... }, export default
; { ... }): its methods are the module's functions.
(program (expression_statement (assignment_expression right: (object) @scope)))
(program (export_statement value: (object) @scope))
