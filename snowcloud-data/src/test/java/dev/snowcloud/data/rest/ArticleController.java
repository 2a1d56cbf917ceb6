package dev.snowcloud.data.rest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/articles")
class ArticleController {

    private final ArticleRepository articles;

    ArticleController(ArticleRepository articles) {
        this.articles = articles;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Article create(@RequestBody Article article) {
        article.setId(null);
        return this.articles.save(article);
    }

    @GetMapping("/{id}")
    Article get(@PathVariable long id) {
        return this.articles.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    @PutMapping
    Article update(@RequestBody Article changed) {
        Article article = get(changed.getId());
        article.setTitle(changed.getTitle());
        return this.articles.save(article);
    }

}
