-- A gate passed while some of its exit criteria are not met is a conditional pass: the
-- manager confirmed it knowingly and said why (the review's comment).
ALTER TABLE gate_review ADD COLUMN conditional boolean NOT NULL DEFAULT false;
ALTER TABLE gate_review ADD CONSTRAINT gate_review_conditional_is_a_pass_with_reason
    CHECK (NOT conditional OR (decision = 'approved' AND char_length(comment) > 0));
